package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A top-level secret or config: its {@code name}, the {@code file} it was read from, {@code external}
 * (never null; the wire always carries it) and labels.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FileObjectConfig(String name, String file, External external, Map<String, String> labels) {
    public FileObjectConfig {
        name = Values.string(name);
        file = Values.string(file);
        external = external == null ? External.NONE : external;
        labels = Values.map(labels);
    }

    /**
     * The name of the Kubernetes Secret or ConfigMap that holds it: the external name of an external one,
     * else its {@code name}, else the key it is declared under made a valid name ({@link KubernetesNames#subdomain}).
     */
    public String objectName(String key) {
        if (external.external() && !external.name().isEmpty()) {
            return external.name();
        }
        return name.isEmpty() ? KubernetesNames.subdomain(key) : name;
    }
}
