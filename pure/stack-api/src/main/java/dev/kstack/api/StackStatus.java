package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The status of a Stack. {@code phase} and {@code message} are the contract ({@code ""} when absent); the rest is
 * kstack's, filled by the controller: the generation it last acted on, one entry per service, and three summary
 * fields that the CRD's printer columns show ({@code kubectl get stacks}: SERVICES, PORTS, STATUS).
 *
 * @param phase ReconciliationPending, Progressing, Available or Failure
 * @param message a human-readable explanation ("Stack is started", or what failed)
 * @param observedGeneration the {@code metadata.generation} the controller last reconciled (0 when never)
 * @param observedDigests the {@link ContentDigests#fingerprint() fingerprint} of the content digests it last
 *     reconciled: a changed secret or config changes only the Stack's annotation, not its generation, so a client
 *     that wrote new digests knows from this field that the status speaks of them
 * @param serviceCount how many services the stack has (SERVICES column)
 * @param ports the published ports, e.g. {@code web: 33000} (PORTS column)
 * @param summary {@code <phase> (<message>)}, e.g. {@code Available (Stack is started)} (STATUS column)
 * @param services per service: workload kind, replica counts and why pods fail
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StackStatus(String phase, String message,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long observedGeneration, String observedDigests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int serviceCount, String ports,
        String summary, Map<String, ServiceStatus> services) {
    public static final String RECONCILIATION_PENDING = "ReconciliationPending";
    public static final String PROGRESSING = "Progressing";
    public static final String AVAILABLE = "Available";
    public static final String FAILURE = "Failure";

    public StackStatus {
        phase = Values.string(phase);
        message = Values.string(message);
        observedDigests = Values.string(observedDigests);
        ports = Values.string(ports);
        summary = Values.string(summary);
        services = Values.map(services);
    }

    /** The contract's two fields only. */
    public StackStatus(String phase, String message) {
        this(phase, message, 0, "", 0, "", "", Map.of());
    }

    /** This status, as of the content digests with {@code fingerprint}. */
    public StackStatus withObservedDigests(String fingerprint) {
        return new StackStatus(phase, message, observedGeneration, fingerprint, serviceCount, ports, summary, services);
    }

    /** The longest {@code summary}: the STATUS column of {@code kubectl get stacks} must fit a terminal's line. */
    public static final int SUMMARY_CAP = 100;

    public static StackStatus pending() {
        return new StackStatus(RECONCILIATION_PENDING, "Stack is waiting for reconciliation");
    }

    /** {@code <phase> (<message>)}, the message shortened so that the whole stays within {@link #SUMMARY_CAP}. */
    public static String summary(String phase, String message) {
        return message.isEmpty() ? phase : phase + " (" + shorten(message, SUMMARY_CAP - phase.length() - 3) + ")";
    }

    /** {@code text}, or its first {@code max - 3} characters and {@code ...}. */
    public static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 3)).stripTrailing() + "...";
    }

    /**
     * The state of one service's pods.
     *
     * @param workload Deployment, StatefulSet or DaemonSet
     * @param desired replicas wanted (for a DaemonSet: nodes that should run it)
     * @param ready pods Ready
     * @param pending pods not yet running (scheduling, pulling, starting)
     * @param failed pods failing (crash loop, image pull error, unschedulable, failed)
     * @param message why the service is not ready, in one short clause, when known
     *     ({@code 3/5 pods Unschedulable (0/2 nodes: Too many pods)}, {@code waiting for db (service_healthy)})
     * @param failures every failing pod, grouped by cause: the whole reason and message and the pods' names
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ServiceStatus(String workload, int desired, int ready, int pending, int failed, String message,
            List<PodFailures> failures) {
        public ServiceStatus {
            workload = Values.string(workload);
            message = Values.string(message);
            failures = Values.list(failures);
        }

        /** A service with no failing pod. */
        public ServiceStatus(String workload, int desired, int ready, int pending, int failed, String message) {
            this(workload, desired, ready, pending, failed, message, List.of());
        }
    }

    /**
     * Pods of one service that fail for the same cause.
     *
     * @param reason one word: {@code Unschedulable}, {@code CrashLoopBackOff}, {@code ImagePullBackOff}, {@code Failed}
     * @param message the whole explanation, as the scheduler or the kubelet gave it ({@code ""} when none)
     * @param pods the pods' names, sorted
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PodFailures(String reason, String message, List<String> pods) {
        public PodFailures {
            reason = Values.string(reason);
            message = Values.string(message);
            pods = Values.list(pods);
        }
    }
}
