package dev.kstack.controller;

import java.util.List;

/**
 * The observed state of one service: its workload (if it exists), replicas wanted, and its pods by state.
 *
 * @param workload the live workload kind ({@code ""} when none exists yet)
 * @param settled whether the workload controller has acted on the latest spec (all replicas updated)
 * @param failures one entry per failing pod, sorted by pod name
 */
public record ServiceObservation(String service, String workload, boolean settled, int desired, int ready,
        int running, int pending, int succeeded, int failed, List<PodFailure> failures) {
    /** Why one pod fails: {@code reason} in one word ({@code CrashLoopBackOff}), {@code message} the whole text. */
    public record PodFailure(String pod, String reason, String message) {
    }

    public ServiceObservation {
        failures = List.copyOf(failures);
    }

    public static ServiceObservation absent(String service) {
        return new ServiceObservation(service, "", false, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** The same observation of a workload that is being rewritten: its controller has not seen the new spec. */
    public ServiceObservation unsettled() {
        return new ServiceObservation(service, workload, false, desired, ready, running, pending, succeeded, failed,
                failures);
    }

    public boolean exists() {
        return !workload.isEmpty();
    }

    /** Every wanted replica has started (running, ready or finished). */
    public boolean started() {
        return exists() && ready + running + succeeded >= Math.max(1, desired);
    }

    /** Every wanted replica is Ready (its health check passes). */
    public boolean healthy() {
        return exists() && ready >= Math.max(1, desired);
    }

    /** A pod ran to completion with exit code 0 and none is failing. */
    public boolean completed() {
        return exists() && succeeded >= 1 && failed == 0;
    }

    /** The service runs as asked: the workload is up to date and all its replicas are ready or done. */
    public boolean available() {
        if (!exists() || !settled) {
            return false;
        }
        if (desired == 0) {
            return !"DaemonSet".equals(workload);
        }
        return ready + succeeded >= desired && failed == 0;
    }
}
