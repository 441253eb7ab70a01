package dev.kstack.convert;

import dev.kstack.api.DependencyGraph;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The objects that run a stack (Services first, then workloads, Ingresses and NetworkPolicies, each group
 * sorted by name), the sorted warning lines, the {@code depends_on} graph for an ordered rollout, and the renamed
 * compose services whose address the input did not have ({@code unresolved}: until they are known, the pods carry
 * no {@code /etc/hosts} of kstack's, and the controller holds the workloads back).
 * The objects carry no ownerReferences: the controller adds them.
 */
public record ConversionResult(List<HasMetadata> objects, List<String> warnings, DependencyGraph dependencies,
        List<String> unresolved) {
    public ConversionResult {
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
        unresolved = List.copyOf(unresolved);
    }
}
