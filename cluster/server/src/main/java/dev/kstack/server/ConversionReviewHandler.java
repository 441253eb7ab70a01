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

    public static ObjectNode review(JsonNode review) {
        JsonNode request = review.path("request");
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
