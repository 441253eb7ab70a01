package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** JSON merge patch (RFC 7386) and JSON patch (RFC 6902) over Jackson trees; bad patches are bad requests. */
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

    /** The target with the JSON patch (an array of operations) applied (the target is not modified). */
    public static JsonNode json(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : patch) {
            String name = op.path("op").asText("");
            String path = op.path("path").asText(null);
            if (path == null) {
                throw ApiException.badRequest("JSON patch operation \"" + name + "\" has no path");
            }
            doc = switch (name) {
                case "add" -> add(doc, path, value(op));
                case "remove" -> remove(doc, path);
                case "replace" -> add(remove(doc, path), path, value(op));
                case "move" -> {
                    String from = op.path("from").asText("");
                    JsonNode moved = get(doc, from);
                    yield add(remove(doc, from), path, moved);
                }
                case "copy" -> add(doc, path, get(doc, op.path("from").asText("")).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(value(op))) {
                        throw new ApiException(422, "Invalid", "JSON patch test failed at " + path, null,
                                java.util.List.of());
                    }
                    yield doc;
                }
                default -> throw ApiException.badRequest("unknown JSON patch operation \"" + name + "\"");
            };
        }
        return doc;
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw ApiException.badRequest("JSON patch operation \"" + op.path("op").asText() + "\" has no value");
        }
        return op.get("value").deepCopy();
    }

    private static String[] segments(String pointer) {
        if (pointer.isEmpty()) {
            return new String[0];
        }
        if (!pointer.startsWith("/")) {
            throw ApiException.badRequest("invalid JSON pointer \"" + pointer + "\"");
        }
        String[] parts = pointer.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
        }
        return parts;
    }

    private static JsonNode get(JsonNode doc, String pointer) {
        JsonNode node = doc;
        for (String s : segments(pointer)) {
            node = child(node, s, pointer);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String segment, String pointer) {
        JsonNode next = null;
        if (node.isObject()) {
            next = node.get(segment);
        } else if (node.isArray()) {
            next = node.get(index(segment, node.size() - 1, pointer));
        }
        if (next == null) {
            throw missing(pointer);
        }
        return next;
    }

    private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
        String[] s = segments(pointer);
        if (s.length == 0) {
            return value;
        }
        JsonNode parent = doc;
        for (int i = 0; i < s.length - 1; i++) {
            parent = child(parent, s[i], pointer);
        }
        String last = s[s.length - 1];
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(last, a.size(), pointer), value);
            }
        } else {
            throw missing(pointer);
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String pointer) {
        String[] s = segments(pointer);
        if (s.length == 0) {
            throw ApiException.badRequest("cannot remove the whole document");
        }
        JsonNode parent = doc;
        for (int i = 0; i < s.length - 1; i++) {
            parent = child(parent, s[i], pointer);
        }
        String last = s[s.length - 1];
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1, pointer));
        } else {
            throw missing(pointer);
        }
        return doc;
    }

    private static int index(String segment, int max, String pointer) {
        try {
            int i = Integer.parseInt(segment);
            if (i < 0 || i > max) {
                throw missing(pointer);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid array index \"" + segment + "\" in " + pointer);
        }
    }

    private static ApiException missing(String pointer) {
        return new ApiException(422, "Invalid", "JSON patch: no value at path \"" + pointer + "\"", null,
                java.util.List.of());
    }
}
