package dev.kstack.convert;

import dev.kstack.api.HealthCheckConfig;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compose healthcheck as probes. The same exec check becomes the readiness probe (traffic and
 * {@code service_healthy} follow health) and the liveness probe (an unhealthy container is restarted, as
 * swarm does). Compose defaults: interval 30s, timeout 30s, retries 3, start_interval 5s. A start_period
 * becomes a startup probe that checks every start_interval and tolerates failures for the whole start period
 * plus {@code retries}; readiness and liveness only begin once it succeeds.
 */
final class HealthProbes {
    static final int DEFAULT_INTERVAL = 30;
    static final int DEFAULT_TIMEOUT = 30;
    static final int DEFAULT_RETRIES = 3;
    static final int DEFAULT_START_INTERVAL = 5;

    /** The probes of one container; each is absent when the healthcheck does not call for it. */
    record Probes(Optional<Probe> readiness, Optional<Probe> liveness, Optional<Probe> startup) {
        static final Probes NONE = new Probes(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private HealthProbes() {
    }

    static Probes of(ServiceContext ctx) {
        HealthCheckConfig hc = ctx.service().healthCheck();
        if (hc == null || hc.test().isEmpty()) {
            return Probes.NONE;
        }
        Optional<List<String>> command = command(ctx, hc.test());
        if (command.isEmpty()) {
            return Probes.NONE;
        }
        int period = Durations.seconds(hc.interval(), DEFAULT_INTERVAL, 1);
        int timeout = Durations.seconds(hc.timeout(), DEFAULT_TIMEOUT, 1);
        int retries = hc.retries() == null ? DEFAULT_RETRIES : (int) Math.max(1, Math.min(hc.retries(), 1000));
        // Two equal probes, not one shared instance: callers may edit one of them.
        Probe readiness = probe(command.get(), period, timeout, retries);
        Probe liveness = probe(command.get(), period, timeout, retries);
        Optional<Probe> startup = Optional.empty();
        if (hc.startPeriod() != null && hc.startPeriod() > 0) {
            int startInterval = Durations.seconds(hc.startInterval(), DEFAULT_START_INTERVAL, 1);
            int startPeriod = Durations.seconds(hc.startPeriod(), 0, 1);
            int tolerated = (startPeriod + startInterval - 1) / startInterval + retries;
            startup = Optional.of(probe(command.get(), startInterval, timeout, tolerated));
        }
        return new Probes(Optional.of(readiness), Optional.of(liveness), startup);
    }

    private static Probe probe(List<String> command, int period, int timeout, int failureThreshold) {
        return new ProbeBuilder()
                .withNewExec().withCommand(command).endExec()
                .withPeriodSeconds(period)
                .withTimeoutSeconds(timeout)
                .withFailureThreshold(failureThreshold)
                .withSuccessThreshold(1)
                .build();
    }

    /** The exec command, or empty for {@code NONE} (and for a test kstack cannot run, with a warning). */
    static Optional<List<String>> command(ServiceContext ctx, List<String> test) {
        String kind = test.get(0);
        List<String> rest = test.subList(1, test.size());
        switch (kind) {
            case "NONE":
                return Optional.empty();
            case "CMD":
                if (rest.isEmpty()) {
                    ctx.warn("healthcheck CMD has no command and is ignored");
                    return Optional.empty();
                }
                return Optional.of(List.copyOf(rest));
            case "CMD-SHELL":
                List<String> shell = new ArrayList<>(List.of("sh", "-c"));
                shell.add(String.join(" ", rest));
                return Optional.of(List.copyOf(shell));
            default:
                // A test without a keyword is a shell command line (compose's string form).
                return Optional.of(List.of("sh", "-c", String.join(" ", test)));
        }
    }
}
