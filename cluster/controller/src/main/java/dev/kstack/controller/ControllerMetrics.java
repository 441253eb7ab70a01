package dev.kstack.controller;

import dev.kstack.api.StackStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The controller's Prometheus metrics: reconciles by result, errors, reconcile durations, queue depth, child writes by
 * kind and outcome, drift repairs (and children given up on) by kind, and stacks by phase.
 */
public final class ControllerMetrics {
    private static final List<String> PHASES = List.of(StackStatus.RECONCILIATION_PENDING, StackStatus.PROGRESSING,
            StackStatus.AVAILABLE, StackStatus.FAILURE);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter succeeded = Counter.builder("kstack.reconciles").tag("result", "success")
            .description("Reconciles of a stack").register(registry);
    private final Counter failed = Counter.builder("kstack.reconciles").tag("result", "error")
            .description("Reconciles of a stack").register(registry);
    private final Counter errors = Counter.builder("kstack.reconcile.errors")
            .description("Reconciles that ended with an error and were retried").register(registry);
    private final Timer duration = Timer.builder("kstack.reconcile.duration")
            .description("Time one reconcile took").publishPercentileHistogram().register(registry);

    /** Registers the gauges that read the queue and the stacks' phases. */
    public void bind(Supplier<Integer> queueDepth, Supplier<Map<String, Long>> stacksByPhase) {
        Gauge.builder("kstack.queue.depth", queueDepth, q -> q.get()).description("Stacks waiting for a reconcile")
                .register(registry);
        for (String phase : PHASES) {
            ToDoubleFunction<Supplier<Map<String, Long>>> count = s -> s.get().getOrDefault(phase, 0L);
            Gauge.builder("kstack.stacks", stacksByPhase, count).tag("phase", phase).description("Stacks by phase")
                    .register(registry);
        }
    }

    void reconciled(Duration took, boolean ok) {
        duration.record(took);
        (ok ? succeeded : failed).increment();
        if (!ok) {
            errors.increment();
        }
    }

    void childWrite(String kind, ChildWriter.Outcome outcome) {
        Counter.builder("kstack.child.writes").tag("kind", kind).tag("outcome", outcome.name().toLowerCase(
                java.util.Locale.ROOT)).description("Writes to stack children").register(registry).increment();
    }

    /** A drifted child was written back to what kstack writes. */
    void driftRepaired(String kind) {
        Counter.builder("kstack.drift.repairs").tag("kind", kind)
                .description("Children restored after a change made outside their stack").register(registry).increment();
    }

    /** A child kept drifting right after each repair and is left as it is until its stack changes. */
    void driftGivenUp(String kind) {
        Counter.builder("kstack.drift.given.up").tag("kind", kind)
                .description("Children no longer repaired because they drifted again right after each repair")
                .register(registry).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
