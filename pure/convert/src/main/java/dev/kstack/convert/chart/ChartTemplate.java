package dev.kstack.convert.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kstack.convert.Manifests;
import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object as a Helm template: the object as {@code kstack convert} prints it, with the fields its compose service's
 * values hold replaced by expressions reading them, and those values (as the object has them) recorded in
 * {@code services}. Text that Go templates would read as an action ({@code {{}) is written as {@code {{ "{{" }}}.
 */
final class ChartTemplate {
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");
    private static final Set<String> SCALED = Set.of("Deployment", "StatefulSet");

    /** A field replaced by an expression: a scalar, or a whole {@code key: map} line (the map may be empty). */
    private record Hole(String marker, String expression, boolean block) {
    }

    private final ObjectNode services;
    private final List<Hole> holes = new ArrayList<>();
    private String markerPrefix = "kstack-chart-value-";

    private ChartTemplate(ObjectNode services) {
        this.services = services;
    }

    /** The template of {@code object}; adds its service's values to {@code services} (keyed by compose name). */
    static String of(HasMetadata object, ObjectNode services) {
        return new ChartTemplate(services).template(object);
    }

    private String template(HasMetadata object) {
        String plain = Manifests.yaml(object);
        while (plain.contains(markerPrefix)) {
            markerPrefix = "x" + markerPrefix;
        }
        ObjectNode tree = (ObjectNode) Manifests.tree(object);
        Map<String, String> labels = object.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(StackLabels.SERVICE_NAME);
        if (service != null && !service.isEmpty()) {
            ObjectNode values = services.has(service) ? (ObjectNode) services.get(service) : services.putObject(service);
            String ref = "(index .Values.services " + goString(service) + ")";
            if (WORKLOADS.contains(object.getKind())) {
                workload(tree, values, ref, SCALED.contains(object.getKind()));
            } else if (object.getKind().equals("Service") && tree.path("spec").path("type").asText().equals("LoadBalancer")) {
                values.put("publishedServiceType", "LoadBalancer");
                scalar((ObjectNode) tree.get("spec"), "type", "{{ " + ref + ".publishedServiceType | quote }}");
            }
        }
        String text = Manifests.yaml(tree).replace("{{", "{{ \"{{\" }}");
        for (Hole h : holes) {
            text = h.block() ? block(text, h) : text.replace(h.marker(), h.expression());
        }
        return text;
    }

    /** The replicas, the image of the main container (and of every container with that image), its resources. */
    private void workload(ObjectNode tree, ObjectNode values, String ref, boolean scaled) {
        ObjectNode spec = (ObjectNode) tree.get("spec");
        if (scaled && spec.has("replicas")) {
            values.set("replicas", spec.get("replicas"));
            scalar(spec, "replicas", "{{ " + ref + ".replicas }}");
        }
        JsonNode pod = spec.path("template").path("spec");
        ObjectNode main = (ObjectNode) pod.path("containers").path(0);
        String image = main.path("image").asText();
        values.put("image", image);
        String imageMarker = marker("{{ " + ref + ".image | quote }}", false);
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : pod.path(list)) {
                if (c.path("image").asText().equals(image)) {
                    ((ObjectNode) c).put("image", imageMarker);
                }
            }
        }
        JsonNode resources = main.remove("resources");
        values.set("resources", resources == null ? values.objectNode() : resources);
        main.put("resources", marker(ref + ".resources", true));
    }

    private void scalar(ObjectNode node, String field, String expression) {
        node.set(field, TextNode.valueOf(marker(expression, false)));
    }

    private String marker(String expression, boolean block) {
        Hole h = new Hole(markerPrefix + holes.size() + "-end", expression, block);
        holes.add(h);
        return h.marker();
    }

    /** {@code key: MARKER} becomes the key and the map's YAML when the value is not empty, else nothing. */
    private static String block(String text, Hole h) {
        Matcher m = Pattern.compile("(?m)^( *)([A-Za-z]+): " + Pattern.quote(h.marker()) + "$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no line for " + h.expression());
        }
        String indent = m.group(1);
        String replacement = "{{- with " + h.expression() + " }}\n" + indent + m.group(2) + ":\n" + indent
                + "  {{- toYaml . | nindent " + (indent.length() + 2) + " }}\n{{- end }}";
        return text.substring(0, m.start()) + replacement + text.substring(m.end());
    }

    /** A Go string literal (compose names are letters, digits, {@code . _ -}; anything else is escaped). */
    static String goString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
