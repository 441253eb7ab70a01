package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The structured spec of a Stack (v1alpha3 and kstack's additions): services, secrets, configs;
 * kstack adds named volumes, networks and the NetworkPolicy opt-in.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StackSpec(
        List<ServiceConfig> services,
        Map<String, FileObjectConfig> secrets,
        Map<String, FileObjectConfig> configs,
        Map<String, VolumeConfig> volumes,
        Map<String, NetworkConfig> networks,
        @JsonProperty("network_policies") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean networkPolicies) {
    public StackSpec {
        services = Values.list(services);
        secrets = Values.map(secrets);
        configs = Values.map(configs);
        volumes = Values.map(volumes);
        networks = Values.map(networks);
    }

    public static StackSpec of(List<ServiceConfig> services) {
        return new StackSpec(services, null, null, null, null, false);
    }
}
