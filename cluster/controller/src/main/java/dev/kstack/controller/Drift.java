package dev.kstack.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a live child still holds what kstack writes: every field of the desired object must have an equal value in
 * the live one ({@code desired ⊆ live}), so that what the server or another field manager added (defaults, a
 * revision annotation, an extra env var) is not a difference, while a changed image, replica count, port or label is.
 * A pure function over the Jackson trees of the two objects (fabric8's serialization).
 *
 * <p>The rules: objects are compared key by key, recursively, and keys only the live object has are ignored. A
 * desired zero value ({@code false}, {@code 0}, {@code ""}, an empty list or object, {@code null}) matches an absent
 * field, as the API server drops them (Go's {@code omitempty}). Lists of scalars, and the fields kstack owns as a
 * whole ({@link #ATOMIC}: command, args, selectors), must be equal. In a list of objects each desired element must
 * match some live element, in any order. Numbers compare by value, a number and its decimal text are equal
 * (int-or-string fields), and resource quantities compare by amount ({@code 1Gi} = {@code 1024Mi},
 * {@code 0.5} = {@code 500m}).
 */
final class Drift {
    /** Fields whose value kstack owns whole: another element or key in them is a difference. */
    static final Set<String> ATOMIC = Set.of("command", "args", "selector", "matchLabels", "nodeSelector");
    /** Maps whose values are quantities. */
    private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests", "capacity");
    /** The field name given to every quantity. */
    private static final String QUANTITY = "sizeLimit";
    /** Fields that identify an element of a list of objects, to name the element in a path. */
    private static final List<String> IDENTITIES = List.of("name", "mountPath", "containerPort", "port", "key", "path",
            "uid");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Drift() {
    }

    /**
     * The first field kstack writes whose live value differs.
     *
     * @param path where, for people: {@code spec.template.spec.containers[name=words].image}
     * @param listPointer the JSON pointer, in the live object, of the innermost list of objects holding the
     *        difference ({@code /spec/ports}), or {@code ""}
     * @param restoredList that list as kstack writes it, each desired element replaced by the live element that holds
     *        it (keeping what the server added to it, such as an allocated node port); elements no desired one
     *        matches are left out
     */
    record Difference(String path, String listPointer, ArrayNode restoredList) {
        /**
         * A JSON patch that replaces the list holding the difference with {@link #restoredList}, if the live object
         * still has {@code resourceVersion}: for a list element whose key field (a port number, a name) was changed,
         * which server-side apply cannot take back, as it keeps the other manager's element beside its own.
         */
        Optional<String> listPatch(String resourceVersion) {
            if (listPointer.isEmpty()) {
                return Optional.empty();
            }
            ArrayNode patch = JSON.createArrayNode();
            patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
            patch.addObject().put("op", "replace").put("path", listPointer).set("value", restoredList);
            return Optional.of(patch.toString());
        }

        private Difference inList(String pointer, ArrayNode list) {
            return listPointer.isEmpty() ? new Difference(path, pointer, list) : this;
        }
    }

    /**
     * The first field kstack writes whose live value differs, or empty when {@code live} holds all of {@code desired}.
     * The desired object's status, if any, is not compared.
     */
    static Optional<Difference> of(HasMetadata desired, HasMetadata live) {
        JsonNode d = tree(desired);
        if (d instanceof ObjectNode o) {
            o.remove("status");
        }
        return difference(d, tree(live), "", "", "");
    }

    static JsonNode tree(HasMetadata o) {
        try {
            return JSON.readTree(SERIALIZATION.asJson(o));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + o.getKind() + " " + o.getMetadata().getName(), e);
        }
    }

    /** The path of the first difference where {@code live} does not hold {@code desired} (a subset of it). */
    static Optional<String> firstDifference(JsonNode desired, JsonNode live, String path) {
        return difference(desired, live, path, "", "").map(Difference::path);
    }

    private static Optional<Difference> difference(JsonNode desired, JsonNode live, String path, String pointer,
            String field) {
        boolean absent = live == null || live.isNull() || live.isMissingNode();
        if (desired == null || desired.isNull() || desired.isMissingNode() || absent && isZero(desired)) {
            return Optional.empty();
        }
        if (absent) {
            return found(path);
        }
        if (desired.isObject()) {
            if (!live.isObject()) {
                return found(path);
            }
            Optional<Difference> d = objectDifference(desired, live, path, pointer, field);
            if (d.isEmpty() && ATOMIC.contains(field)) {
                return objectDifference(live, desired, path, pointer, field).flatMap(x -> found(path));
            }
            return d;
        }
        if (desired.isArray()) {
            if (!live.isArray()) {
                return found(path);
            }
            return isScalarList(desired) && isScalarList(live) || ATOMIC.contains(field)
                    ? listEquality(desired, live, path)
                    : elementsDifference(desired, live, path, pointer);
        }
        return scalarsEqual(desired, live, field) ? Optional.empty() : found(path);
    }

    private static Optional<Difference> found(String path) {
        return Optional.of(new Difference(path, "", null));
    }

    private static boolean holds(JsonNode live, JsonNode desired) {
        return difference(desired, live, "", "", "").isEmpty();
    }

    private static Optional<Difference> objectDifference(JsonNode desired, JsonNode live, String path, String pointer,
            String field) {
        boolean quantities = QUANTITY_MAPS.contains(field);
        for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            String childPointer = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
            Optional<Difference> d = difference(e.getValue(), live.get(e.getKey()), child, childPointer,
                    quantities ? QUANTITY : e.getKey());
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<Difference> listEquality(JsonNode desired, JsonNode live, String path) {
        if (desired.size() != live.size()) {
            return found(path);
        }
        for (int i = 0; i < desired.size(); i++) {
            if (!holds(live.get(i), desired.get(i)) || !holds(desired.get(i), live.get(i))) {
                return found(path + "[" + i + "]");
            }
        }
        return Optional.empty();
    }

    /**
     * Each desired element matches some live element; else the difference in the live element of the same identity
     * (name, port...), or at the same index.
     */
    private static Optional<Difference> elementsDifference(JsonNode desired, JsonNode live, String path,
            String pointer) {
        for (int i = 0; i < desired.size(); i++) {
            JsonNode d = desired.get(i);
            boolean matched = false;
            for (JsonNode l : live) {
                if (holds(l, d)) {
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                return Optional.of(unmatched(d, live, path, pointer, i).inList(pointer, restored(desired, live)));
            }
        }
        return Optional.empty();
    }

    private static ArrayNode restored(JsonNode desired, JsonNode live) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode d : desired) {
            JsonNode match = d;
            for (JsonNode l : live) {
                if (holds(l, d)) {
                    match = l;
                    break;
                }
            }
            out.add(match.deepCopy());
        }
        return out;
    }

    private static Difference unmatched(JsonNode desired, JsonNode live, String path, String pointer, int index) {
        if (desired.isObject()) {
            for (String id : IDENTITIES) {
                JsonNode value = desired.get(id);
                if (value != null && value.isValueNode()) {
                    String element = path + "[" + id + "=" + value.asText() + "]";
                    for (int j = 0; j < live.size(); j++) {
                        if (value.equals(live.get(j).get(id))) {
                            return difference(desired, live.get(j), element, pointer + "/" + j, "")
                                    .orElse(new Difference(element, "", null));
                        }
                    }
                    return new Difference(element, "", null);
                }
            }
        }
        String element = path + "[" + index + "]";
        return index < live.size()
                ? difference(desired, live.get(index), element, pointer + "/" + index, "")
                        .orElse(new Difference(element, "", null))
                : new Difference(element, "", null);
    }

    private static boolean scalarsEqual(JsonNode desired, JsonNode live, String field) {
        if (desired.equals(live)) {
            return true;
        }
        if (desired.isNumber() && live.isNumber()) {
            return desired.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        if (desired.isTextual() && live.isTextual() && QUANTITY.equals(field)) {
            return sameQuantity(desired.asText(), live.asText());
        }
        if (desired.isNumber() && live.isTextual() || desired.isTextual() && live.isNumber()) {
            return sameNumber(desired.asText(), live.asText());
        }
        return false;
    }

    private static boolean sameQuantity(String a, String b) {
        try {
            return Quantity.getAmountInBytes(new Quantity(a)).compareTo(Quantity.getAmountInBytes(new Quantity(b))) == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isScalarList(JsonNode list) {
        for (JsonNode e : list) {
            if (e.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(JsonNode n) {
        return n.isBoolean() && !n.booleanValue() || n.isNumber() && n.decimalValue().signum() == 0
                || n.isTextual() && n.textValue().isEmpty() || n.isContainerNode() && n.isEmpty();
    }
}
