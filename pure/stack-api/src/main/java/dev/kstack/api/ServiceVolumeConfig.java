package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A volume mount of a service: {@code type} ({@code volume}, {@code bind}, {@code tmpfs}), {@code source}
 * (a volume name, a host path, or empty for an anonymous volume), {@code target} and {@code read_only};
 * kstack adds {@code tmpfs_size} in bytes (null when absent).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceVolumeConfig(
        String type,
        String source,
        String target,
        @JsonProperty("read_only") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnly,
        @JsonProperty("tmpfs_size") Long tmpfsSize) {
    public static final String TYPE_VOLUME = "volume";
    public static final String TYPE_BIND = "bind";
    public static final String TYPE_TMPFS = "tmpfs";

    public ServiceVolumeConfig {
        type = Values.string(type);
        source = Values.string(source);
        target = Values.string(target);
    }
}
