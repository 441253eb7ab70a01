package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Stack;
import dev.kstack.server.StackSchema;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI v2 document ({@code /openapi/v2}) that kube-apiserver merges into its own, so that
 * {@code kubectl explain stacks} works: one definition per version, built from the same schema as the CRD mode's
 * ({@link StackSchema}), reduced to what OpenAPI v2 can say, and tagged with its group, version and kind.
 */
final class OpenApi {
    private static final Set<String> V2_KEYWORDS = Set.of("type", "format", "description", "properties", "items",
            "additionalProperties", "required", "enum", "minimum", "maximum", "pattern", "default");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private OpenApi() {
    }

    static ObjectNode v2() {
        ObjectNode doc = ObjectNodes.empty().put("swagger", "2.0");
        doc.putObject("info").put("title", "kstack compose.docker.com").put("version", "v1");
        doc.putObject("paths");
        ObjectNode definitions = doc.putObject("definitions");
        for (String version : Versions.ALL) {
            JsonNode schema = SERIALIZATION.convertValue(StackSchema.forVersion(version), JsonNode.class);
            ObjectNode definition = v2Schema(schema);
            definition.put("description", "Stack is a compose application deployed as Kubernetes objects ("
                    + Stack.GROUP + "/" + version + ").");
            ArrayNode gvk = definition.putArray("x-kubernetes-group-version-kind");
            gvk.addObject().put("group", Stack.GROUP).put("kind", Stack.KIND).put("version", version);
            definitions.set("com.docker.compose." + version + ".Stack", definition);
        }
        return doc;
    }

    /** The schema with only the OpenAPI v2 keywords (nullable, anyOf and the x-kubernetes extensions go). */
    static ObjectNode v2Schema(JsonNode schema) {
        ObjectNode out = ObjectNodes.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!V2_KEYWORDS.contains(e.getKey())) {
                continue;
            }
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(), v2Schema(p.getValue())));
                }
                case "items", "additionalProperties" -> {
                    if (e.getValue().isObject()) {
                        out.set(e.getKey(), v2Schema(e.getValue()));
                    } else if (e.getValue().isBoolean()) {
                        out.set(e.getKey(), e.getValue());
                    }
                }
                default -> out.set(e.getKey(), e.getValue());
            }
        }
        if (List.of("object").contains(out.path("type").asText()) && !out.has("properties")
                && !out.has("additionalProperties")) {
            out.remove("type"); // free-form
        }
        return out;
    }
}
