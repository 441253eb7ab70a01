package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** Looks up the current state of a pod, as the simulator last saw it. */
@FunctionalInterface
public interface PodDirectory {
    Optional<Pod> find(String namespace, String name);
}
