package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;

/** Pods for unit tests. */
final class TestPods {

    private TestPods() {
    }

    static PodBuilder pod(String name, Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName("sim-node-1")
                .addNewContainer().withName("main").withImage("nginx:1.25").endContainer()
                .endSpec();
    }

    static Pod pod(String name) {
        return pod(name, Map.of()).build();
    }
}
