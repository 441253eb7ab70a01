package dev.kstack.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which pod and container {@code kstack exec} runs in: a running pod of the service that is not being deleted,
 * ready pods before pods that are not ready, then the newest (a fresh rollout's pods are the ones that will stay),
 * then by name so that the same pods give the same choice.
 */
final class ExecTarget {
    private static final Comparator<Pod> PREFERRED = Comparator
            .comparing((Pod p) -> !ready(p))
            .thenComparing(ExecTarget::created, Comparator.reverseOrder())
            .thenComparing(p -> p.getMetadata().getName());

    private ExecTarget() {
    }

    /** The pod to run in, or empty when no pod of the list is running. */
    static Optional<Pod> choose(List<Pod> pods) {
        return pods.stream().filter(ExecTarget::running).min(PREFERRED);
    }

    static boolean running(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }

    /** The pod's Ready condition, as Services and kubectl read it. */
    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The service's container (kstack names it after the service), else the pod's first one. */
    static String container(Pod pod, String service) {
        List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers();
        return containers.stream().map(Container::getName).filter(service::equals).findFirst()
                .or(() -> containers.stream().map(Container::getName).findFirst())
                .orElseThrow(() -> new ClusterCommand.CommandFailure(ExitCodes.FAILURE,
                        "pod \"" + pod.getMetadata().getName() + "\" has no container"));
    }

    /** Why there is nothing to run in: no pods at all, or the state of each pod. */
    static String noPodMessage(String stack, String service, List<Pod> pods) {
        String which = "service \"" + service + "\" of stack \"" + stack + "\"";
        if (pods.isEmpty()) {
            return which + " has no pods (scaled to 0, or not created yet: see kstack ps " + stack + ")";
        }
        return which + " has no running pod: " + pods.stream()
                .map(p -> p.getMetadata().getName() + " (" + StackPods.state(p) + ")")
                .collect(Collectors.joining(", "));
    }

    private static Instant created(Pod pod) {
        String t = pod.getMetadata().getCreationTimestamp();
        if (t == null) {
            return Instant.MIN;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
