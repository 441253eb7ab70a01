package dev.kstack.api;

import java.util.List;

/**
 * The defaults the server fills in on write, so every reader sees the same explicit values: port protocol
 * {@code tcp} and mode {@code ingress}, deploy mode {@code replicated} and one replica for replicated services.
 */
public final class StackDefaults {
    private StackDefaults() {
    }

    public static StackSpec apply(StackSpec spec) {
        List<ServiceConfig> services = spec.services().stream().map(StackDefaults::service).toList();
        return new StackSpec(services, spec.secrets(), spec.configs(), spec.volumes(), spec.networks(),
                spec.networkPolicies());
    }

    static ServiceConfig service(ServiceConfig s) {
        List<ServicePortConfig> ports = s.ports().stream().map(p -> new ServicePortConfig(
                p.mode().isEmpty() ? ServicePortConfig.MODE_INGRESS : p.mode(), p.target(), p.published(),
                p.protocol().isEmpty() ? "tcp" : p.protocol())).toList();
        DeployConfig d = s.deploy();
        String mode = d.mode().isEmpty() ? DeployConfig.MODE_REPLICATED : d.mode();
        Long replicas = d.replicas() == null && !d.global() ? Long.valueOf(1) : d.replicas();
        DeployConfig deploy = new DeployConfig(mode, replicas, d.labels(), d.updateConfig(), d.resources(),
                d.restartPolicy(), d.placement(), d.endpointMode());
        return s.toBuilder().ports(ports).deploy(deploy).build();
    }
}
