package dev.kstack.testenv.sim;

import dev.kstack.testenv.Await;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Waiting for pods of a live cluster to reach a state, and reading their conditions. */
final class LivePods {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private LivePods() {
    }

    /** Polls the pod until it has a status that satisfies {@code condition}; returns that version of the pod. */
    static Pod await(KubernetesClient client, String namespace, String name, Predicate<Pod> condition) {
        AtomicReference<Pod> last = new AtomicReference<>();
        Await.until(TIMEOUT, "pod " + namespace + "/" + name, () -> {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            last.set(pod);
            return pod != null && pod.getStatus() != null && condition.test(pod);
        });
        return last.get();
    }

    /** The pod's conditions as type → status. */
    static Map<String, String> conditions(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
    }
}
