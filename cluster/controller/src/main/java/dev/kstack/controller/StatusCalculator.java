package dev.kstack.controller;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.PodFailures;
import dev.kstack.api.StackStatus.ServiceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The status of a stack from what was observed: the contract's phase and message, per-service counts and failing
 * pods, and the printer-column fields. A pure function; the controller writes the result only when it differs from
 * the live one. The message names each failing service once with its causes in short
 * ({@code words: 3/5 pods Unschedulable (0/2 nodes: Too many pods)}) and stays under {@link #MESSAGE_CAP}; the
 * whole detail, every pod, is in {@code services.<name>.failures}.
 */
public final class StatusCalculator {
    public static final String STARTING = "Stack is starting";
    public static final String STARTED = "Stack is started";
    /** The longest message of a stack whose pods fail (it reaches {@code kstack deploy} and the Docker CLI). */
    public static final int MESSAGE_CAP = 200;

    private StatusCalculator() {
    }

    /** The status of a stack whose children were applied (or are held back by {@code waiting}). */
    public static StackStatus running(long generation, StackSpec spec, Map<String, ServiceObservation> observed,
            Map<String, String> waiting) {
        Map<String, ServiceStatus> services = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        boolean allAvailable = true;
        for (ServiceConfig s : spec.services()) {
            ServiceObservation o = observed.getOrDefault(s.name(), ServiceObservation.absent(s.name()));
            List<PodFailures> groups = FailureClauses.group(o.failures());
            String clause = FailureClauses.clause(groups, o.desired());
            services.put(s.name(), new ServiceStatus(o.workload(), o.desired(), o.ready(),
                    o.pending() + o.running(), o.failed(), waiting.getOrDefault(s.name(), clause), groups));
            if (!groups.isEmpty()) {
                failures.add(s.name() + ": " + clause);
            }
            allAvailable &= o.available() && !waiting.containsKey(s.name());
        }
        String phase = !failures.isEmpty() ? StackStatus.FAILURE
                : allAvailable ? StackStatus.AVAILABLE : StackStatus.PROGRESSING;
        String message = !failures.isEmpty() ? FailureClauses.join(failures, MESSAGE_CAP)
                : allAvailable ? STARTED : STARTING;
        return of(phase, message, generation, spec, services);
    }

    /** A stack that cannot run at all (invalid, no author, denied): Failure with the reason, no service counts. */
    public static StackStatus failure(long generation, StackSpec spec, String reason) {
        return of(StackStatus.FAILURE, reason, generation, spec, Map.of());
    }

    private static StackStatus of(String phase, String message, long generation, StackSpec spec,
            Map<String, ServiceStatus> services) {
        return new StackStatus(phase, message, generation, "", spec.services().size(), ports(spec),
                StackStatus.summary(phase, message), services);
    }

    /** The PORTS column: {@code web: 33000}, services by name, ports joined by commas. */
    static String ports(StackSpec spec) {
        return spec.services().stream().sorted(Comparator.comparing(ServiceConfig::name))
                .filter(s -> s.ports().stream().anyMatch(p -> p.published() > 0))
                .map(s -> s.name() + ": " + s.ports().stream().filter(p -> p.published() > 0)
                        .map(ServicePortConfig::published).map(String::valueOf).distinct()
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining(", "));
    }
}
