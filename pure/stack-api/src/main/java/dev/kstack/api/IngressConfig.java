package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * kstack: an HTTP route to a service (from the compose extension {@code x-kubernetes.ingress}):
 * host, path (default {@code /}), path type (default {@code Prefix}), the container port, the TLS secret,
 * the ingress class and annotations for the Ingress object.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IngressConfig(
        String host,
        String path,
        @JsonProperty("path_type") String pathType,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int port,
        @JsonProperty("tls_secret") String tlsSecret,
        @JsonProperty("class_name") String className,
        Map<String, String> annotations) {
    public IngressConfig {
        host = Values.string(host);
        path = Values.string(path);
        pathType = Values.string(pathType);
        tlsSecret = Values.string(tlsSecret);
        className = Values.string(className);
        annotations = Values.map(annotations);
    }
}
