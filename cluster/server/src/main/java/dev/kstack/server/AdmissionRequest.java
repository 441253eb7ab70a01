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

    public static AdmissionRequest of(JsonNode review) {
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new IllegalArgumentException("not an AdmissionReview: it has no request");
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

    /** Whether this request writes an object (create or update), as opposed to a delete or connect. */
    public boolean writes() {
        return object != null && (operation.equals("CREATE") || operation.equals("UPDATE"));
    }
}
