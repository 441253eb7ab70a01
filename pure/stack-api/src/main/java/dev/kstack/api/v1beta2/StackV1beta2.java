package dev.kstack.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kstack.api.ObjectMeta;
import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;

/**
 * A Stack in the v1beta2 form. Its spec has the shape of v1alpha3 without the four v1alpha3-only service
 * fields ({@code pull_secret, pull_policy, internal_ports, internal_service_type}): {@link V1beta2Conversion}
 * keeps those empty here and carries them in an annotation, so that nothing is lost on the way back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackV1beta2(String kind, String apiVersion, ObjectMeta metadata, StackSpec spec, StackStatus status) {
    public static final String API_VERSION = "compose.docker.com/v1beta2";

    public StackV1beta2 {
        kind = kind == null ? "Stack" : kind;
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        metadata = metadata == null ? ObjectMeta.of("", "") : metadata;
        spec = spec == null ? StackSpec.of(null) : spec;
    }
}
