package dev.kstack.controller;

import java.time.Duration;

/**
 * How the controller runs.
 *
 * @param workers reconciles that may run at once (always for different stacks)
 * @param resync how often every cached object is replayed as an update (a safety net; changes come by watch)
 * @param backoff retry delays after a failed reconcile
 * @param shutdownGrace how long a shutdown waits for running reconciles
 */
public record ControllerOptions(int workers, Duration resync, Backoff backoff, Duration shutdownGrace) {
    public static ControllerOptions defaults() {
        return new ControllerOptions(4, Duration.ofMinutes(10), Backoff.DEFAULT, Duration.ofSeconds(20));
    }

    public ControllerOptions withWorkers(int n) {
        return new ControllerOptions(n, resync, backoff, shutdownGrace);
    }

    public ControllerOptions withResync(Duration d) {
        return new ControllerOptions(workers, d, backoff, shutdownGrace);
    }
}
