package dev.kstack.convert.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.IngressConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads kstack's compose extension {@code x-kubernetes}, which may appear on a service
 * ({@code ingress}, {@code internal_service_type}, {@code pull_secret}), on a top-level volume
 * ({@code size}, {@code storage_class}, {@code access_modes}) and at the top level ({@code network_policies}; {@code registry}, read by {@code kstack build}).
 * Unknown keys are reported as ignored; wrong types are problems with their path.
 */
final class KubernetesExtension {
    static final String KEY = "x-kubernetes";
    static final Set<String> SERVICE_KEYS = Set.of("ingress", "internal_service_type", "pull_secret");
    static final Set<String> VOLUME_KEYS = Set.of("size", "storage_class", "access_modes");
    static final Set<String> PROJECT_KEYS = Set.of("network_policies", "registry");

    private final JsonNode node;
    private final String path;
    private final MappingNotes notes;

    private KubernetesExtension(JsonNode node, String path, MappingNotes notes) {
        this.node = node;
        this.path = path;
        this.notes = notes;
    }

    /** The extension found in {@code extensions} (possibly absent), with unknown keys reported. */
    static KubernetesExtension of(Map<String, JsonNode> extensions, String path, Set<String> known,
            MappingNotes notes, String warnPrefixKind, String warnPrefixName) {
        JsonNode node = extensions.get(KEY);
        if (node == null) {
            node = extensions.get("kubernetes");
        }
        KubernetesExtension ext = new KubernetesExtension(node, path + "." + KEY, notes);
        if (node != null && !node.isObject()) {
            notes.problem(ext.path, "expected a mapping");
            return new KubernetesExtension(null, ext.path, notes);
        }
        if (node != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!known.contains(key)) {
                    if (warnPrefixKind.isEmpty()) {
                        notes.project(KEY + "." + key + " is ignored");
                    } else {
                        notes.top(warnPrefixKind, warnPrefixName, KEY + "." + key + " is ignored");
                    }
                }
            }
        }
        return ext;
    }

    String string(String key) {
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isValueNode()) {
            notes.problem(path + "." + key, "expected a string");
            return "";
        }
        return v.asText();
    }

    boolean bool(String key) {
        JsonNode v = node == null ? null : node.get(key);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            notes.problem(path + "." + key, "expected true or false");
            return false;
        }
        return v.booleanValue();
    }

    List<String> strings(String key) {
        JsonNode v = node == null ? null : node.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
        } else if (v.isArray()) {
            v.forEach(e -> out.add(e.asText()));
        } else {
            notes.problem(path + "." + key, "expected a string or a list of strings");
        }
        return out;
    }

    /** {@code ingress}: one route (a mapping) or a list of routes. */
    List<IngressConfig> ingress() {
        JsonNode v = node == null ? null : node.get("ingress");
        List<IngressConfig> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        List<JsonNode> routes = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(routes::add);
        } else {
            routes.add(v);
        }
        for (int i = 0; i < routes.size(); i++) {
            JsonNode r = routes.get(i);
            String rp = path + ".ingress" + (v.isArray() ? "[" + i + "]" : "");
            if (!r.isObject()) {
                notes.problem(rp, "expected a mapping with host, path, port, ...");
                continue;
            }
            JsonNode port = r.get("port");
            if (port != null && !port.canConvertToInt()) {
                notes.problem(rp + ".port", "expected a port number");
                continue;
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            JsonNode a = r.get("annotations");
            if (a != null && a.isObject()) {
                a.fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            }
            out.add(new IngressConfig(text(r, "host"), text(r, "path"), text(r, "path_type"),
                    port == null ? 0 : port.asInt(), text(r, "tls_secret"), text(r, "class_name"), annotations));
        }
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
