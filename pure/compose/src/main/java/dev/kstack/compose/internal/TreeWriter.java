package dev.kstack.compose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.model.ByteSize;
import dev.kstack.compose.model.Syntax.Form;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns model records back into plain maps, lists and scalars in compose syntax (snake_case keys, durations
 * as {@code 1m30s}, sizes in bytes, {@code $} escaped as {@code $$}); empty and absent values are left out.
 */
public final class TreeWriter {
    private TreeWriter() {
    }

    public static Object write(Object value) {
        if (value instanceof Optional<?> o) {
            return o.map(TreeWriter::write).orElse(null);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(write(item));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, write(v)));
            return out;
        }
        if (value instanceof String s) {
            return s.replace("$", "$$");
        }
        if (value instanceof Duration d) {
            return Units.formatDuration(d);
        }
        if (value instanceof ByteSize b) {
            return b.bytes();
        }
        if (value instanceof JsonNode j) {
            return json(j);
        }
        if (value instanceof Record r) {
            return record(r);
        }
        return value; // Integer, Long, Double, Boolean
    }

    private static Map<String, Object> record(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Attribute a : Schema.of(r.getClass()).attributes()) {
            Object v;
            try {
                v = a.component().getAccessor().invoke(r);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (a.is(Form.MAP_KEY) || a.is(Form.LOADER)) {
                continue;
            }
            if (a.is(Form.EXTENSIONS)) {
                ((Map<?, ?>) v).forEach((k, x) -> out.put((String) k, write(x)));
                continue;
            }
            if (v instanceof Optional<?> o && o.isEmpty()
                    || v instanceof List<?> l && l.isEmpty()
                    || v instanceof Map<?, ?> m && m.isEmpty()) {
                continue;
            }
            out.put(a.key(), write(v));
        }
        return out;
    }

    private static Object json(JsonNode j) {
        if (j.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = j.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), json(e.getValue()));
            }
            return out;
        }
        if (j.isArray()) {
            List<Object> out = new ArrayList<>();
            j.forEach(i -> out.add(json(i)));
            return out;
        }
        if (j.isNull()) {
            return null;
        }
        if (j.isBoolean()) {
            return j.booleanValue();
        }
        if (j.isIntegralNumber()) {
            return j.longValue();
        }
        if (j.isNumber()) {
            return j.doubleValue();
        }
        return j.asText().replace("$", "$$");
    }
}
