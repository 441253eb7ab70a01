package dev.kstack.controller;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.ServiceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The status of a stack from what was observed: the contract's phase and message, per-service counts, and the
 * printer-column fields. A pure function; the controller writes the result only when it differs from the live one.
 */
public final class StatusCalculator {
    public static final String STARTING = "Stack is starting";
    public static final String STARTED = "Stack is started";

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
            String message = waiting.getOrDefault(s.name(), o.failures().isEmpty() ? "" : o.failures().get(0));
            services.put(s.name(), new ServiceStatus(o.workload(), o.desired(), o.ready(),
                    o.pending() + o.running(), o.failed(), message));
            if (o.failed() > 0) {
                failures.add("service \"" + s.name() + "\": " + o.failed() + "/" + Math.max(o.desired(), o.failed())
                        + " pods failing (" + String.join(", ", o.failures()) + ")");
            }
            allAvailable &= o.available() && !waiting.containsKey(s.name());
        }
        String phase = !failures.isEmpty() ? StackStatus.FAILURE
                : allAvailable ? StackStatus.AVAILABLE : StackStatus.PROGRESSING;
        String message = !failures.isEmpty() ? String.join("; ", failures) : allAvailable ? STARTED : STARTING;
        return of(phase, message, generation, spec, services);
    }

    /** A stack that cannot run at all (invalid, no author, denied): Failure with the reason, no service counts. */
    public static StackStatus failure(long generation, StackSpec spec, String reason) {
        return of(StackStatus.FAILURE, reason, generation, spec, Map.of());
    }

    private static StackStatus of(String phase, String message, long generation, StackSpec spec,
            Map<String, ServiceStatus> services) {
        return new StackStatus(phase, message, generation, "", spec.services().size(), ports(spec),
                phase + " (" + message + ")", services);
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
