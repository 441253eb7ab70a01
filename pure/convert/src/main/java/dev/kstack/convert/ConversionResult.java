package dev.kstack.convert;

import dev.kstack.api.DependencyGraph;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The objects that run a stack (Services first, then workloads, Ingresses and NetworkPolicies, each group
 * sorted by name), the sorted warning lines, and the {@code depends_on} graph for an ordered rollout.
 * The objects carry no ownerReferences: the controller adds them.
 */
public record ConversionResult(List<HasMetadata> objects, List<String> warnings, DependencyGraph dependencies) {
    public ConversionResult {
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
    }
}
