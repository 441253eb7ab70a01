package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code deploy}: mode ({@code replicated} or {@code global}), replicas (null when absent; 0 is meaningful),
 * workload labels, update and restart policies (null when absent), resources and placement (never null:
 * the wire always carries {@code {}}). {@code endpoint_mode} is a kstack addition.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeployConfig(
        String mode,
        Long replicas,
        Map<String, String> labels,
        @JsonProperty("update_config") UpdateConfig updateConfig,
        Resources resources,
        @JsonProperty("restart_policy") RestartPolicy restartPolicy,
        Placement placement,
        @JsonProperty("endpoint_mode") String endpointMode) {
    public static final String MODE_REPLICATED = "replicated";
    public static final String MODE_GLOBAL = "global";
    public static final DeployConfig EMPTY = new DeployConfig(null, null, null, null, null, null, null, null);

    public DeployConfig {
        mode = Values.string(mode);
        labels = Values.map(labels);
        resources = resources == null ? Resources.EMPTY : resources;
        placement = placement == null ? Placement.EMPTY : placement;
        endpointMode = Values.string(endpointMode);
    }

    public boolean global() {
        return MODE_GLOBAL.equals(mode);
    }

    public DeployConfig withReplicas(Long newReplicas) {
        return new DeployConfig(mode, newReplicas, labels, updateConfig, resources, restartPolicy, placement, endpointMode);
    }
}
