package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;

/** JSON merge patch (RFC 7386) and JSON patch (RFC 6902, through zjsonpatch) over Jackson trees. */
public final class Patches {
    private Patches() {
    }

    /** The target with the merge patch applied (the target is not modified). */
    public static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : ObjectNodes.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    private static final java.util.Set<String> OPERATIONS = java.util.Set.of("add", "remove", "replace", "move", "copy",
            "test");

    /**
     * The target with the JSON patch (an array of operations) applied (the target is not modified), by zjsonpatch. As
     * kube-apiserver answers: a patch that is not a list of operations is a bad request (400), one that cannot be
     * applied (a missing path, a failed test) is unprocessable (422).
     */
    public static JsonNode json(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations");
        }
        for (JsonNode op : patch) {
            String name = op.path("op").asText("");
            if (!OPERATIONS.contains(name)) {
                throw ApiException.badRequest("unknown JSON patch operation \"" + name + "\"");
            }
            if (!op.path("path").isTextual()) {
                throw ApiException.badRequest("JSON patch operation \"" + name + "\" has no path");
            }
            if ((name.equals("add") || name.equals("replace") || name.equals("test")) && !op.has("value")) {
                throw ApiException.badRequest("JSON patch operation \"" + name + "\" has no value");
            }
        }
        try {
            return JsonPatch.apply(patch, target, EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT));
        } catch (JsonPatchException e) {
            throw new ApiException(422, "Invalid", "JSON patch: " + e.getMessage(), null, java.util.List.of());
        }
    }
}
