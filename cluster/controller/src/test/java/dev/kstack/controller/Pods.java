package dev.kstack.controller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Hand-built pods in the states the status counts, for unit tests. */
final class Pods {
    private Pods() {
    }

    static PodBuilder base(String name, String service) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("com.docker.service.name", service)
                .addToLabels("com.docker.stack.namespace", "s").endMetadata();
    }

    static Pod ready(String name, String service) {
        return base(name, service).withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build();
    }

    static Pod running(String name, String service) {
        return base(name, service).withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("False").endCondition().endStatus().build();
    }

    static Pod pending(String name, String service) {
        return base(name, service).withNewStatus().withPhase("Pending").endStatus().build();
    }

    static Pod succeeded(String name, String service) {
        return base(name, service).withNewStatus().withPhase("Succeeded").endStatus().build();
    }

    static Pod waiting(String name, String service, String reason) {
        return base(name, service).withNewStatus().withPhase("Pending").addNewContainerStatus().withName(service)
                .withNewState().withNewWaiting().withReason(reason).endWaiting().endState().endContainerStatus()
                .endStatus().build();
    }

    static Pod unschedulable(String name, String service) {
        return unschedulable(name, service, null);
    }

    static Pod unschedulable(String name, String service, String message) {
        return base(name, service).withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage(message).endCondition().endStatus()
                .build();
    }
}
