package dev.kstack.cli;

import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/** The pods of a stack, selected by the contract's labels, and how their state reads. */
final class StackPods {
    private StackPods() {
    }

    static List<Pod> list(KubernetesClient client, String namespace, String stack, String service) {
        var pods = client.pods().inNamespace(namespace).withLabel(StackLabels.STACK, stack);
        if (service != null && !service.isEmpty()) {
            pods = pods.withLabel(StackLabels.SERVICE_NAME, service);
        }
        return pods.list().getItems().stream()
                .sorted(Comparator.comparing((Pod p) -> service(p)).thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    static String service(Pod pod) {
        return pod.getMetadata().getLabels() == null ? ""
                : pod.getMetadata().getLabels().getOrDefault(StackLabels.SERVICE_NAME, "");
    }

    /**
     * What a user wants to know about a pod in one word or two: {@code Running}, {@code Running (not ready)},
     * {@code Pending}, a container's waiting reason ({@code CrashLoopBackOff}, {@code ImagePullBackOff}),
     * {@code Terminating}, {@code Succeeded}, {@code Failed}.
     */
    static String state(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        var status = pod.getStatus();
        if (status == null || status.getPhase() == null) {
            return "Pending";
        }
        List<ContainerStatus> containers = status.getContainerStatuses() == null ? List.of()
                : status.getContainerStatuses();
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null
                    && c.getState().getWaiting().getReason() != null) {
                return c.getState().getWaiting().getReason();
            }
        }
        if ("Running".equals(status.getPhase())) {
            boolean ready = !containers.isEmpty() && containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
            return ready ? "Running" : "Running (not ready)";
        }
        return status.getPhase();
    }
}
