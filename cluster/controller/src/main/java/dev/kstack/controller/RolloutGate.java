package dev.kstack.controller;

import dev.kstack.api.DependencyGraph;
import dev.kstack.api.DependencyGraph.Dependency;
import dev.kstack.api.DependsOnConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ordered rollout: a service may be created or updated only when every service it {@code depends_on} has reached
 * the condition asked for ({@code service_started}, {@code service_healthy}, {@code service_completed_successfully}).
 * A pure function of the graph and the observed services.
 */
public final class RolloutGate {
    private RolloutGate() {
    }

    /** For each service held back, what it waits for (e.g. {@code waiting for db (service_healthy)}); others pass. */
    public static Map<String, String> waiting(DependencyGraph graph, Map<String, ServiceObservation> observed) {
        Map<String, String> held = new TreeMap<>();
        graph.waitsFor().forEach((service, deps) -> {
            List<String> unmet = deps.stream().filter(d -> !reached(d, observed.get(d.service())))
                    .map(d -> d.service() + " (" + d.condition() + ")").toList();
            if (!unmet.isEmpty()) {
                held.put(service, "waiting for " + String.join(", ", unmet));
            }
        });
        return held;
    }

    static boolean reached(Dependency d, ServiceObservation o) {
        if (o == null) {
            return !d.required();
        }
        return switch (d.condition()) {
            case DependsOnConfig.HEALTHY -> o.healthy();
            case DependsOnConfig.COMPLETED -> o.completed();
            default -> o.started();
        };
    }
}
