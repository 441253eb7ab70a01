package dev.kstack.testenv.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares API objects the way the API server stores them: a field that is null, an empty list or an empty object
 * counts as absent (the server drops or adds such fields on a round trip), so an unchanged status compares equal.
 */
final class StatusComparison {

    private StatusComparison() {
    }

    static boolean sameContent(Object left, Object right) {
        return normalized(left).equals(normalized(right));
    }

    static JsonNode normalized(Object value) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(value);
        return prune(tree);
    }

    private static JsonNode prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> absent = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode pruned = prune(field.getValue());
                if (isAbsent(pruned)) {
                    absent.add(field.getKey());
                } else {
                    field.setValue(pruned);
                }
            }
            object.remove(absent);
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, prune(array.get(i)));
            }
            return array;
        }
        return node;
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || (node.isContainerNode() && node.isEmpty());
    }
}
