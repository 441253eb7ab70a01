package dev.kstack.controller;

import java.time.Duration;

/**
 * How the controller runs.
 *
 * @param workers reconciles that may run at once (always for different stacks)
 * @param resync how often every cached object is replayed as an update (a safety net; changes come by watch)
 * @param backoff retry delays after a failed reconcile
 * @param shutdownGrace how long a shutdown waits for running reconciles
 * @param childEventDelay how long after a change to a stack's child or pod its reconcile is queued (changes within
 *     the delay share one reconcile); changes to the Stack itself are queued at once
 */
public record ControllerOptions(int workers, Duration resync, Backoff backoff, Duration shutdownGrace,
        Duration childEventDelay) {
    public static final Duration DEFAULT_CHILD_EVENT_DELAY = Duration.ofMillis(500);

    public static ControllerOptions defaults() {
        return new ControllerOptions(4, Duration.ofMinutes(10), Backoff.DEFAULT, Duration.ofSeconds(20),
                DEFAULT_CHILD_EVENT_DELAY);
    }

    public ControllerOptions withWorkers(int n) {
        return new ControllerOptions(n, resync, backoff, shutdownGrace, childEventDelay);
    }

    public ControllerOptions withResync(Duration d) {
        return new ControllerOptions(workers, d, backoff, shutdownGrace, childEventDelay);
    }
}
