package dev.kstack.compose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.compose.model.ByteSize;
import dev.kstack.compose.model.Syntax.Form;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YSeq;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a normalized, validated tree into model records. Shapes were checked by the {@link Normalizer},
 * so a mismatch here is a bug in the loader, not in the input.
 */
public final class Binder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Binder() {
    }

    /** Binds a mapping to a record; {@code key} fills the component marked {@code MAP_KEY}. */
    public static <T> T record(YMap map, Class<T> type, String key) {
        Schema.RecordInfo info = Schema.of(type);
        Object[] args = new Object[info.attributes().size()];
        int i = 0;
        for (Schema.Attribute a : info.attributes()) {
            if (a.is(Form.MAP_KEY)) {
                args[i++] = key;
            } else if (a.is(Form.EXTENSIONS)) {
                args[i++] = extensions(map);
            } else if (a.is(Form.LOADER)) {
                args[i++] = map.get(a.key()).map(n -> Boolean.valueOf(((YScalar) n).text())).orElse(Boolean.FALSE);
            } else {
                args[i++] = value(map.get(a.key()).orElse(null), a.type());
            }
        }
        try {
            return type.cast(info.constructor().newInstance(args));
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " from " + map.mark(), e);
        }
    }

    private static Map<String, JsonNode> extensions(YMap map) {
        LinkedHashMap<String, JsonNode> out = new LinkedHashMap<>();
        map.entries().forEach((k, e) -> {
            if (k.startsWith("x-")) {
                out.put(k, json(e.value()));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static Object value(YNode node, Type type) {
        Class<?> raw = Schema.raw(type);
        if (raw == Optional.class) {
            return node == null ? Optional.empty() : Optional.of(value(node, Schema.arg(type, 0)));
        }
        if (raw == List.class) {
            if (node == null) {
                return List.of();
            }
            List<Object> out = new ArrayList<>();
            for (YNode item : ((YSeq) node).items()) {
                out.add(value(item, Schema.arg(type, 0)));
            }
            return List.copyOf(out);
        }
        if (raw == Map.class) {
            if (node == null) {
                return Map.of();
            }
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            for (YMap.Entry e : ((YMap) node).entries().values()) {
                Type valueType = Schema.arg(type, 1);
                if (Schema.raw(valueType) == String.class && e.value() instanceof YScalar s && s.isNull()) {
                    out.put(e.key().text(), null); // an environment variable that is not set
                    continue;
                }
                out.put(e.key().text(), Schema.raw(valueType).isRecord() && Schema.raw(valueType) != ByteSize.class
                        ? record((YMap) e.value(), Schema.raw(valueType), e.key().text())
                        : value(e.value(), valueType));
            }
            return Collections.unmodifiableMap(out);
        }
        if (node == null) {
            throw new IllegalStateException("missing value of type " + type);
        }
        if (raw == JsonNode.class) {
            return json(node);
        }
        if (raw == ByteSize.class) {
            return new ByteSize(Long.parseLong(((YScalar) node).text()));
        }
        if (raw.isRecord()) {
            return record((YMap) node, raw, "");
        }
        String text = ((YScalar) node).text();
        if (raw == String.class) {
            return text;
        } else if (raw == Integer.class) {
            return Math.toIntExact(Values.parseInteger(text).orElseThrow());
        } else if (raw == Long.class) {
            return Values.parseInteger(text).orElseThrow();
        } else if (raw == Double.class) {
            return Double.parseDouble(text);
        } else if (raw == Boolean.class) {
            return Values.parseBoolean(text).orElseThrow();
        } else if (raw == Duration.class) {
            return Units.parseDuration(text).orElseThrow();
        }
        throw new IllegalStateException("no binding for " + type);
    }

    /** Any YAML value as a JSON tree (extensions and free-form attributes). */
    public static JsonNode json(YNode node) {
        if (node instanceof YMap m) {
            ObjectNode o = JSON.objectNode();
            m.entries().forEach((k, e) -> o.set(k, json(e.value())));
            return o;
        }
        if (node instanceof YSeq s) {
            ArrayNode a = JSON.arrayNode();
            s.items().forEach(i -> a.add(json(i)));
            return a;
        }
        YScalar s = (YScalar) node;
        return switch (s.kind()) {
            case NULL -> JSON.nullNode();
            case BOOL -> JSON.booleanNode(Values.parseBoolean(s.text()).orElse(Boolean.FALSE));
            case INT -> Values.parseInteger(s.text()).<JsonNode>map(JSON::numberNode).orElse(JSON.textNode(s.text()));
            case FLOAT -> floatNode(s.text());
            case STRING -> JSON.textNode(s.text());
        };
    }

    private static JsonNode floatNode(String text) {
        try {
            return JSON.numberNode(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return JSON.textNode(text); // .inf, .nan
        }
    }
}
