package dev.kstack.convert;

import dev.kstack.api.Constraints;
import dev.kstack.api.Placement;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Placement as scheduling: constraints become required node affinity ({@code ==} → In, {@code !=} → NotIn;
 * the OS and architecture go to {@code kubernetes.io/os} and {@code kubernetes.io/arch}, the hostname to
 * {@code kubernetes.io/hostname}, node labels to themselves); spread preferences become topology spread
 * constraints. Nothing is forced: no constraint, no affinity.
 */
final class Scheduling {
    static final String OS = "kubernetes.io/os";
    static final String ARCH = "kubernetes.io/arch";
    static final String HOSTNAME = "kubernetes.io/hostname";
    private static final String NODE_LABELS = "node.labels.";

    private Scheduling() {
    }

    static Optional<Affinity> affinity(ServiceContext ctx) {
        Constraints c = ctx.service().deploy().placement().constraints();
        if (c == null) {
            return Optional.empty();
        }
        List<NodeSelectorRequirement> reqs = new ArrayList<>();
        add(ctx, reqs, OS, c.operatingSystem(), "OperatingSystem");
        add(ctx, reqs, ARCH, c.architecture(), "Architecture");
        add(ctx, reqs, HOSTNAME, c.hostname(), "Hostname");
        new TreeMap<>(c.matchLabels()).forEach((k, v) -> add(ctx, reqs, k, v, "MatchLabels." + k));
        if (reqs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(reqs).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().build());
    }

    private static void add(ServiceContext ctx, List<NodeSelectorRequirement> reqs, String key,
            Constraints.Constraint c, String field) {
        if (c == null) {
            return;
        }
        String op;
        switch (c.operator()) {
            case Constraints.Constraint.EQUAL -> op = "In";
            case Constraints.Constraint.NOT_EQUAL -> op = "NotIn";
            default -> {
                ctx.warn("placement constraint " + field + " with operator \"" + c.operator() + "\" is ignored");
                return;
            }
        }
        reqs.add(new NodeSelectorRequirementBuilder().withKey(key).withOperator(op).withValues(c.value()).build());
    }

    static List<TopologySpreadConstraint> spread(ServiceContext ctx) {
        List<TopologySpreadConstraint> out = new ArrayList<>();
        List<Placement.PlacementPreference> prefs = ctx.service().deploy().placement().preferences();
        for (Placement.PlacementPreference p : prefs) {
            String key;
            if (p.spread().startsWith(NODE_LABELS)) {
                key = p.spread().substring(NODE_LABELS.length());
            } else if (p.spread().equals("node.hostname")) {
                key = HOSTNAME;
            } else {
                ctx.warn("placement preference spread \"" + p.spread() + "\" is ignored");
                continue;
            }
            out.add(new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(key)
                    .withWhenUnsatisfiable("ScheduleAnyway")
                    .withNewLabelSelector().withMatchLabels(ctx.labels()).endLabelSelector()
                    .build());
        }
        return out;
    }
}
