package dev.kstack.convert;

import dev.kstack.api.StackSpec;
import java.util.Map;

/**
 * What the converter needs: the stack's name and namespace, its spec, and optionally a digest of the content
 * of each Secret and ConfigMap it mounts (keyed by the Kubernetes object name), which goes into the pod
 * template's content hash so that a changed secret or config rolls the pods.
 */
public record StackInput(
        String name,
        String namespace,
        StackSpec spec,
        Map<String, String> secretDigests,
        Map<String, String> configDigests) {
    public StackInput {
        secretDigests = Map.copyOf(secretDigests);
        configDigests = Map.copyOf(configDigests);
    }

    public static StackInput of(String name, String namespace, StackSpec spec) {
        return new StackInput(name, namespace, spec, Map.of(), Map.of());
    }
}
