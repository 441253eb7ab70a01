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

    /** The key of its content in that Secret or ConfigMap: see {@link #dataKey(String, String)}. */
    public String dataKey(String key) {
        return external.external() ? objectName(key) : dataKey(file, objectName(key));
    }

    /**
     * The key of a secret's or config's content in its Secret or ConfigMap: the base name of the file it was read from
     * ({@code default.conf}), as the Docker CLI names the key of the objects it creates for file-based secrets and
     * configs, when that is a valid key; else (content, environment, a name Kubernetes refuses as a key) the object's
     * name.
     */
    public static String dataKey(String file, String objectName) {
        String base = file == null ? "" : file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return base.matches("[-._a-zA-Z0-9]+") && !base.equals(".") && !base.equals("..") ? base : objectName;
    }
}
