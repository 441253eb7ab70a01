package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A port in long form: {@code mode} ({@code ingress} or {@code host}), container {@code target},
 * {@code published} (0 when not published) and {@code protocol} ({@code tcp}, {@code udp}, {@code sctp}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServicePortConfig(
        String mode,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int target,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int published,
        String protocol) {
    public static final String MODE_INGRESS = "ingress";
    public static final String MODE_HOST = "host";

    public ServicePortConfig {
        mode = Values.string(mode);
        protocol = Values.string(protocol);
    }
}
