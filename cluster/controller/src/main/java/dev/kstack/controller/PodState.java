package dev.kstack.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one pod means for its service: ready, started but not ready, still pending, finished successfully, or
 * failing (crash loop, image pull error, unschedulable, exited with an error) with the reason in one word and the
 * whole message; for an unschedulable pod the message is the scheduler's, which names what no node offers.
 *
 * <p>A pod the scheduler holds back only because its volume claims are not bound yet is pending, not failing, for
 * {@link #CLAIM_BINDING_WAIT} after the scheduler first said so: a provisioner often needs that long. After that it
 * fails, naming the claims.
 */
public record PodState(Kind kind, String reason, String message) {
    /** The closed set of pod states the status counts. */
    public enum Kind { READY, RUNNING, PENDING, SUCCEEDED, FAILED, TERMINATING }

    private static final Set<String> FAILING_WAIT_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff",
            "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

    /** How long a pod may wait for its volume claims to be bound before it counts as failing. */
    public static final Duration CLAIM_BINDING_WAIT = Duration.ofMinutes(2);

    /** A state with no message. */
    public PodState(Kind kind, String reason) {
        this(kind, reason, "");
    }

    public static PodState of(Pod pod) {
        return of(pod, Instant.now());
    }

    public static PodState of(Pod pod, Instant now) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new PodState(Kind.TERMINATING, "");
        }
        var status = pod.getStatus();
        if (status == null) {
            return new PodState(Kind.PENDING, "");
        }
        if ("Succeeded".equals(status.getPhase())) {
            return new PodState(Kind.SUCCEEDED, "");
        }
        if ("Failed".equals(status.getPhase())) {
            return new PodState(Kind.FAILED, status.getReason() != null ? status.getReason() : "Failed",
                    status.getMessage() != null ? status.getMessage().strip() : "exited with an error");
        }
        List<ContainerStatus> containers = new ArrayList<>();
        if (status.getInitContainerStatuses() != null) {
            containers.addAll(status.getInitContainerStatuses());
        }
        if (status.getContainerStatuses() != null) {
            containers.addAll(status.getContainerStatuses());
        }
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null
                    && FAILING_WAIT_REASONS.contains(c.getState().getWaiting().getReason())) {
                return new PodState(Kind.FAILED, c.getState().getWaiting().getReason());
            }
        }
        for (PodCondition c : conditions(pod)) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                    && "Unschedulable".equals(c.getReason())) {
                // the scheduler's message says why: "0/2 nodes are available: 2 node(s) didn't match ..."
                String why = c.getMessage() == null ? "" : c.getMessage().strip();
                if (waitsForClaims(why)) {
                    String claims = claimNames(pod);
                    if (now.isBefore(since(c, pod, now).plus(CLAIM_BINDING_WAIT))) {
                        return new PodState(Kind.PENDING, "", "waiting for its volume claims to be bound: " + claims);
                    }
                    return new PodState(Kind.FAILED, "Unschedulable", "volume claims not bound after "
                            + CLAIM_BINDING_WAIT.toMinutes() + " min: " + claims);
                }
                return new PodState(Kind.FAILED, "Unschedulable", why);
            }
        }
        for (PodCondition c : conditions(pod)) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                return new PodState(Kind.READY, "");
            }
        }
        return new PodState("Running".equals(status.getPhase()) ? Kind.RUNNING : Kind.PENDING, "");
    }

    /** Whether {@code pod} is pending only while its volume claims are bound (see {@link #CLAIM_BINDING_WAIT}). */
    public static boolean waitingForClaims(Pod pod, Instant now) {
        PodState s = of(pod, now);
        return s.kind() == Kind.PENDING && s.message().startsWith("waiting for its volume claims");
    }

    /** The scheduler's words for a pod whose claims are not bound yet (1.20: "... pod has unbound immediate ..."). */
    private static boolean waitsForClaims(String schedulerMessage) {
        return schedulerMessage.contains("unbound") && schedulerMessage.contains("PersistentVolumeClaims");
    }

    private static String claimNames(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
            return "(none named)";
        }
        String names = pod.getSpec().getVolumes().stream().map(v -> v.getPersistentVolumeClaim())
                .filter(Objects::nonNull).map(c -> c.getClaimName()).sorted().collect(Collectors.joining(", "));
        return names.isEmpty() ? "(none named)" : names;
    }

    /** When the scheduler first held the pod back: the condition's transition time, else the pod's creation. */
    private static Instant since(PodCondition c, Pod pod, Instant now) {
        for (String t : new String[] {c.getLastTransitionTime(), pod.getMetadata().getCreationTimestamp()}) {
            if (t != null) {
                try {
                    return Instant.parse(t);
                } catch (DateTimeParseException e) {
                    // try the next one
                }
            }
        }
        return now;
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }
}
