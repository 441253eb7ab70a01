package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/**
 * Digests of the content of the Secrets and ConfigMaps a stack mounts, keyed by their Kubernetes object names.
 * The client that creates those objects from compose {@code file}/{@code content}/{@code environment} sources
 * (it alone reads their content) records the digests on the Stack, as JSON in the annotation {@value #ANNOTATION};
 * the controller feeds them to the conversion, which puts them into the pod template's hash, so a changed secret or
 * config rolls the pods although the Stack's spec did not change. The controller never reads secret contents.
 *
 * @param secrets Secret name → digest of its data
 * @param configs ConfigMap name → digest of its data
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContentDigests(Map<String, String> secrets, Map<String, String> configs) {
    public static final String ANNOTATION = "kstack.dev/content-digests";
    public static final ContentDigests NONE = new ContentDigests(Map.of(), Map.of());

    public ContentDigests {
        secrets = Values.map(secrets);
        configs = Values.map(configs);
    }

    /** The digests recorded in {@code annotations}; none when absent or unreadable (the pods then just do not roll). */
    public static ContentDigests from(Map<String, String> annotations) {
        String json = annotations.get(ANNOTATION);
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            return StackJson.lenient().readValue(json, ContentDigests.class);
        } catch (JsonProcessingException e) {
            return NONE;
        }
    }

    /** A short digest of these digests ({@code ""} for none), which the controller reports as it acts on them. */
    public String fingerprint() {
        if (equals(NONE)) {
            return "";
        }
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The annotation's value. */
    public String toJson() {
        return StackJson.write(this);
    }
}
