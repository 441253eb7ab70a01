package dev.kstack.convert;

import dev.kstack.api.StackSpec;
import java.util.Map;

/**
 * What the converter needs: the stack's name and namespace, its spec, optionally a digest of the content
 * of each Secret and ConfigMap it mounts (keyed by the Kubernetes object name), which goes into the pod
 * template's content hash so that a changed secret or config rolls the pods, and the ClusterIPs known so far of the
 * internal Services of renamed services (keyed by compose service name, see {@link ServiceNames#aliased}), which
 * go into the pods' {@code /etc/hosts} ({@link StackHosts}).
 */
public record StackInput(
        String name,
        String namespace,
        StackSpec spec,
        Map<String, String> secretDigests,
        Map<String, String> configDigests,
        Map<String, String> addresses) {
    public StackInput {
        secretDigests = Map.copyOf(secretDigests);
        configDigests = Map.copyOf(configDigests);
        addresses = Map.copyOf(addresses);
    }

    public StackInput(String name, String namespace, StackSpec spec, Map<String, String> secretDigests,
            Map<String, String> configDigests) {
        this(name, namespace, spec, secretDigests, configDigests, Map.of());
    }

    public static StackInput of(String name, String namespace, StackSpec spec) {
        return new StackInput(name, namespace, spec, Map.of(), Map.of(), Map.of());
    }
}
