package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Stack in the v1alpha3 form, the version kstack stores and converts the others to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Stack(String kind, String apiVersion, ObjectMeta metadata, StackSpec spec, StackStatus status) {
    public static final String GROUP = "compose.docker.com";
    public static final String KIND = "Stack";
    public static final String API_VERSION = GROUP + "/v1alpha3";

    public Stack {
        kind = kind == null ? KIND : kind;
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        metadata = metadata == null ? ObjectMeta.of("", "") : metadata;
        spec = spec == null ? StackSpec.of(null) : spec;
    }

    public static Stack of(String name, String namespace, StackSpec spec) {
        return new Stack(KIND, API_VERSION, ObjectMeta.of(name, namespace), spec, null);
    }
}
