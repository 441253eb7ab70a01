package dev.kstack.controller;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.convert.ServiceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ClusterIPs of the renamed services' internal Services, from the stack's live children: what the converter
 * needs to write the pods' {@code /etc/hosts} (a pure function; a Service created again gets another address, which
 * changes the pod templates and so rolls the pods).
 */
final class ServiceAddresses {
    private ServiceAddresses() {
    }

    /** Compose service name → ClusterIP, for each aliased service whose live Service has one. */
    static Map<String, String> of(ServiceNames names, Collection<HasMetadata> owned) {
        Map<String, String> out = new TreeMap<>();
        names.aliased().forEach((compose, object) -> owned.stream()
                .filter(o -> o instanceof Service && object.equals(o.getMetadata().getName()))
                .map(o -> ((Service) o).getSpec() == null ? null : ((Service) o).getSpec().getClusterIP())
                .filter(ip -> ip != null && !ip.isEmpty() && !ip.equals("None"))
                .findFirst().ifPresent(ip -> out.put(compose, ip)));
        return out;
    }

    /** The status messages: the rollout order's, and for every other service that the addresses are awaited. */
    static Map<String, String> waiting(StackSpec spec, Map<String, String> rollout, List<String> unresolved) {
        Map<String, String> out = new TreeMap<>(rollout);
        String message = "waiting for the ClusterIP of the Service of " + String.join(", ", unresolved);
        spec.services().stream().map(ServiceConfig::name).forEach(s -> out.putIfAbsent(s, message));
        return out;
    }
}
