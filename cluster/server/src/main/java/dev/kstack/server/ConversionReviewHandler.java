package dev.kstack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The CRD conversion webhook: answers an {@code apiextensions.k8s.io/v1} ConversionReview by converting every object
 * to {@code desiredAPIVersion} with {@link StackVersions}. One object that cannot be converted fails the whole review,
 * with its name and the reason (for a v1beta1 compose file: the loader's messages).
 */
public final class ConversionReviewHandler {
    private ConversionReviewHandler() {
    }

    /**
     * Converts; a body that is not an {@code apiextensions.k8s.io/v1} ConversionReview with a request carrying a uid,
     * {@code desiredAPIVersion} and an {@code objects} array is refused with an {@link IllegalArgumentException}.
     */
    public static ObjectNode review(JsonNode review) {
        String apiVersion = review.path("apiVersion").asText("");
        String kind = review.path("kind").asText("");
        if (!apiVersion.equals("apiextensions.k8s.io/v1") || !kind.equals("ConversionReview")) {
            throw new IllegalArgumentException("expected an apiextensions.k8s.io/v1 ConversionReview, got "
                    + (apiVersion.isEmpty() && kind.isEmpty() ? "no apiVersion and kind" : apiVersion + " " + kind));
        }
        JsonNode request = review.path("request");
        if (!request.isObject()) {
            throw new IllegalArgumentException("the ConversionReview has no request");
        }
        for (String field : new String[] {"uid", "desiredAPIVersion"}) {
            if (!request.path(field).isTextual() || request.path(field).asText().isEmpty()) {
                throw new IllegalArgumentException("the ConversionReview has no request." + field);
            }
        }
        if (!request.path("objects").isArray()) {
            throw new IllegalArgumentException("the ConversionReview has no request.objects array");
        }
        String desired = request.path("desiredAPIVersion").asText("");
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("apiVersion", review.path("apiVersion").asText("apiextensions.k8s.io/v1"))
                .put("kind", "ConversionReview");
        ObjectNode response = out.putObject("response").put("uid", request.path("uid").asText(""));
        ArrayNode converted = JsonNodeFactory.instance.arrayNode();
        for (JsonNode object : request.path("objects")) {
            try {
                if (!object.isObject()) {
                    throw new StackVersions.ConversionException("an object is not a JSON object");
                }
                converted.add(StackVersions.convert((ObjectNode) object, desired));
            } catch (StackVersions.ConversionException | RuntimeException e) {
                String name = object.path("metadata").path("namespace").asText("") + "/"
                        + object.path("metadata").path("name").asText("");
                response.putObject("result").put("status", "Failure")
                        .put("message", "stack " + name + ": " + e.getMessage());
                return out;
            }
        }
        response.set("convertedObjects", converted);
        response.putObject("result").put("status", "Success");
        return out;
    }
}
