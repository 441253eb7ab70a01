package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * kstack: a top-level named volume: the claim's {@code name} when it differs from the key, {@code external}
 * (an existing PersistentVolumeClaim), labels, and the claim's {@code size} (a Kubernetes quantity),
 * {@code storage_class} and {@code access_modes}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VolumeConfig(
        String name,
        External external,
        Map<String, String> labels,
        String size,
        @JsonProperty("storage_class") String storageClass,
        @JsonProperty("access_modes") List<String> accessModes) {
    public static final VolumeConfig DEFAULT = new VolumeConfig(null, null, null, null, null, null);

    public VolumeConfig {
        name = Values.string(name);
        external = external == null ? External.NONE : external;
        labels = Values.map(labels);
        size = Values.string(size);
        storageClass = Values.string(storageClass);
        accessModes = Values.list(accessModes);
    }

    /**
     * The claim name: the external name, else {@code name}, else the key made a valid name
     * ({@link KubernetesNames#label}: {@code db_data} → {@code db-data}, also for a key no top-level entry declares).
     */
    public String claimName(String key) {
        if (external.external() && !external.name().isEmpty()) {
            return external.name();
        }
        return name.isEmpty() ? KubernetesNames.label(key) : name;
    }
}
