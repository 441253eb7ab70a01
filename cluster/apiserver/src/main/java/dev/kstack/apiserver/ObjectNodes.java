package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers over Jackson object trees. */
final class ObjectNodes {
    private ObjectNodes() {
    }

    static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A string map field ({@code labels}, {@code annotations}) of an object node; empty when absent. */
    static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
