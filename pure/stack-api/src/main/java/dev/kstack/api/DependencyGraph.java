package dev.kstack.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code depends_on} graph of a stack: for each service, the services it waits for and the condition
 * it waits for ({@code service_started}, {@code service_healthy}, {@code service_completed_successfully}).
 * Build it with {@link #of(StackSpec)} after validation; {@link #problems(StackSpec)} finds unknown
 * services and cycles.
 */
public final class DependencyGraph {
    /** One edge: the service waited for and the condition. */
    public record Dependency(String service, String condition, boolean required) {
    }

    private final Map<String, List<Dependency>> waitsFor;

    private DependencyGraph(Map<String, List<Dependency>> waitsFor) {
        this.waitsFor = waitsFor;
    }

    /** The graph of the spec; dependencies on services that do not exist are left out. */
    public static DependencyGraph of(StackSpec spec) {
        Map<String, List<Dependency>> edges = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>();
        spec.services().forEach(s -> names.add(s.name()));
        for (ServiceConfig s : spec.services()) {
            List<Dependency> deps = new ArrayList<>();
            new TreeMap<>(s.dependsOn()).forEach((target, d) -> {
                if (names.contains(target)) {
                    deps.add(new Dependency(target, d.effectiveCondition(), d.mustExist()));
                }
            });
            edges.put(s.name(), List.copyOf(deps));
        }
        return new DependencyGraph(Collections.unmodifiableMap(edges));
    }

    /** What each service waits for, by service name (every service is a key; sorted). */
    public Map<String, List<Dependency>> waitsFor() {
        return waitsFor;
    }

    /** What the service waits for (empty for an unknown service). */
    public List<Dependency> waitsFor(String service) {
        return waitsFor.getOrDefault(service, List.of());
    }

    /**
     * The rollout order: batches of services whose dependencies are all in earlier batches, each batch sorted.
     * Only meaningful for a graph without cycles.
     */
    public List<List<String>> batches() {
        List<List<String>> batches = new ArrayList<>();
        TreeSet<String> done = new TreeSet<>();
        while (done.size() < waitsFor.size()) {
            List<String> batch = waitsFor.entrySet().stream()
                    .filter(e -> !done.contains(e.getKey()))
                    .filter(e -> e.getValue().stream().allMatch(d -> done.contains(d.service())))
                    .map(Map.Entry::getKey).toList();
            if (batch.isEmpty()) {
                break;
            }
            done.addAll(batch);
            batches.add(batch);
        }
        return List.copyOf(batches);
    }

    /** Unknown required dependencies and cycles, with the path {@code services.<name>.depends_on}. */
    public static List<Problem> problems(StackSpec spec) {
        List<Problem> problems = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        spec.services().forEach(s -> names.add(s.name()));
        for (ServiceConfig s : spec.services()) {
            s.dependsOn().forEach((target, d) -> {
                if (!names.contains(target) && d.mustExist()) {
                    problems.add(new Problem("services." + s.name() + ".depends_on." + target,
                            "depends on service \"" + target + "\", which does not exist"));
                }
            });
        }
        findCycle(of(spec)).ifPresent(cycle -> problems.add(new Problem("services." + cycle.get(0) + ".depends_on",
                "dependency cycle: " + String.join(" -> ", cycle))));
        return problems;
    }

    private static Optional<List<String>> findCycle(DependencyGraph graph) {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String start : graph.waitsFor.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = visit(graph, start, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(
            DependencyGraph graph, String node, Map<String, Integer> state, List<String> path) {
        Integer st = state.get(node);
        if (st != null && st == 2) {
            return Optional.empty();
        }
        if (st != null && st == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        path.add(node);
        for (Dependency d : graph.waitsFor(node)) {
            Optional<List<String>> cycle = visit(graph, d.service(), state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return Optional.empty();
    }
}
