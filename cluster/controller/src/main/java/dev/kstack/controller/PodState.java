package dev.kstack.controller;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one pod means for its service: ready, started but not ready, still pending, finished successfully, or
 * failing (crash loop, image pull error, unschedulable, exited with an error) with the reason; for an unschedulable
 * pod the reason carries the scheduler's message, which names what no node offers.
 */
public record PodState(Kind kind, String reason) {
    /** The closed set of pod states the status counts. */
    public enum Kind { READY, RUNNING, PENDING, SUCCEEDED, FAILED, TERMINATING }

    private static final Set<String> FAILING_WAIT_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff",
            "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

    public static PodState of(Pod pod) {
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
            return new PodState(Kind.FAILED, status.getReason() != null ? status.getReason() : "exited with an error");
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
                return new PodState(Kind.FAILED, why.isEmpty() ? "Unschedulable" : "Unschedulable: " + why);
            }
        }
        for (PodCondition c : conditions(pod)) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                return new PodState(Kind.READY, "");
            }
        }
        return new PodState("Running".equals(status.getPhase()) ? Kind.RUNNING : Kind.PENDING, "");
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }
}
