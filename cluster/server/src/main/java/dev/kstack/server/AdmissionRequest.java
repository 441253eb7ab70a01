package dev.kstack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.StackAuthor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionReview request that the webhooks use.
 *
 * @param uid echoed in the response
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param namespace the object's namespace
 * @param name the object's name (empty on a create with generateName, before the name is chosen)
 * @param object the object as written, in the version the webhook asked for (the request's own version)
 * @param author the authenticated caller
 */
public record AdmissionRequest(String uid, String operation, String namespace, String name, ObjectNode object,
        StackAuthor author) {

    /** The operations kube-apiserver sends. */
    private static final java.util.Set<String> OPERATIONS = java.util.Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    /**
     * Reads an {@code admission.k8s.io/v1} AdmissionReview as kube-apiserver sends it; anything else (another kind of
     * review, no request, no uid, an unknown operation, a create or update without the object) is refused with an
     * {@link IllegalArgumentException} naming what is wrong, never taken for an empty review.
     */
    public static AdmissionRequest of(JsonNode review) {
        String apiVersion = review.path("apiVersion").asText("");
        String kind = review.path("kind").asText("");
        if (!apiVersion.equals("admission.k8s.io/v1") || !kind.equals("AdmissionReview")) {
            throw new IllegalArgumentException("expected an admission.k8s.io/v1 AdmissionReview, got "
                    + (apiVersion.isEmpty() && kind.isEmpty() ? "no apiVersion and kind" : apiVersion + " " + kind));
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new IllegalArgumentException("not an AdmissionReview: it has no request");
        }
        if (!request.path("uid").isTextual() || request.path("uid").asText().isEmpty()) {
            throw new IllegalArgumentException("the AdmissionReview has no request.uid");
        }
        String operation = request.path("operation").asText("");
        if (!OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got \""
                    + operation + "\"");
        }
        if ((operation.equals("CREATE") || operation.equals("UPDATE")) && !request.path("object").isObject()) {
            throw new IllegalArgumentException("the " + operation + " review has no request.object");
        }
        JsonNode user = request.path("userInfo");
        List<String> groups = new ArrayList<>();
        user.path("groups").forEach(g -> groups.add(g.asText()));
        Map<String, List<String>> extra = new LinkedHashMap<>();
        user.path("extra").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            extra.put(e.getKey(), values);
        });
        JsonNode object = request.path("object");
        String name = request.path("name").asText("");
        if (name.isEmpty()) {
            name = object.path("metadata").path("name").asText("");
        }
        return new AdmissionRequest(request.path("uid").asText(""), request.path("operation").asText(""),
                request.path("namespace").asText(""), name,
                object.isObject() ? (ObjectNode) object : null,
                new StackAuthor(user.path("username").asText(""), groups, extra));
    }

    /**
     * Whether the written object is a Stack of a version kstack serves ({@code compose.docker.com/<version>},
     * kind Stack); the webhooks are registered for nothing else.
     */
    public boolean isStack() {
        if (object == null || !object.path("kind").asText("").equals(dev.kstack.api.Stack.KIND)) {
            return false;
        }
        try {
            StackVersions.version(object.path("apiVersion").asText(""));
            return true;
        } catch (StackVersions.ConversionException e) {
            return false;
        }
    }

    /** Whether this request writes an object (create or update), as opposed to a delete or connect. */
    public boolean writes() {
        return object != null && (operation.equals("CREATE") || operation.equals("UPDATE"));
    }
}
