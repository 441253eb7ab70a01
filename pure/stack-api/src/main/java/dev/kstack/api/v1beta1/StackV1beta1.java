package dev.kstack.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kstack.api.ObjectMeta;
import dev.kstack.api.StackStatus;
import dev.kstack.api.Values;

/** A Stack in the v1beta1 form: its spec is the compose file's text, which the server parses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackV1beta1(String kind, String apiVersion, ObjectMeta metadata, Spec spec, StackStatus status) {
    public static final String API_VERSION = "compose.docker.com/v1beta1";

    public StackV1beta1 {
        kind = kind == null ? "Stack" : kind;
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        metadata = metadata == null ? ObjectMeta.of("", "") : metadata;
        spec = spec == null ? new Spec(null) : spec;
    }

    /** {@code {composeFile: string}}. */
    public record Spec(String composeFile) {
        public Spec {
            composeFile = Values.string(composeFile);
        }
    }
}
