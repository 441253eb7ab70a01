package dev.kstack.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.ObjectMeta;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.api.v1beta2.StackV1beta2;
import dev.kstack.api.v1beta2.V1beta2Conversion;
import dev.kstack.convert.compose.SpecToCompose;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts a Stack object (as JSON) between v1alpha3, v1beta2 and v1beta1 through v1alpha3, the hub. Metadata and
 * status are copied untouched except for the annotations below; nothing is lost on a round trip:
 * <ul>
 *   <li>v1beta2 ⇄ v1alpha3: {@link V1beta2Conversion} (v1alpha3-only service fields ride in an annotation);</li>
 *   <li>v1beta1 → v1alpha3: the compose file is parsed ({@link ComposeFileParser}) and its text is kept in the
 *       annotation {@value #COMPOSE_FILE_ANNOTATION}, so that v1beta1 readers get back exactly what they wrote;</li>
 *   <li>v1alpha3 → v1beta1: that text when it still describes the spec, else a compose file written from the spec
 *       ({@link SpecToCompose}, as {@code kstack convert} writes it); when the text cannot say everything the spec holds, the spec itself rides in
 *       {@value #SPEC_ANNOTATION} together with a digest of the text, and comes back as long as the text is
 *       unchanged.</li>
 * </ul>
 */
public final class StackVersions {
    public static final String COMPOSE_FILE_ANNOTATION = "kstack.dev/compose-file";
    public static final String SPEC_ANNOTATION = "kstack.dev/v1alpha3-spec";
    public static final String GROUP_PREFIX = Stack.GROUP + "/";

    private StackVersions() {
    }

    /** The object cannot be converted (a v1beta1 compose file that does not parse). */
    public static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    /** The object in {@code desiredApiVersion} ({@code compose.docker.com/v1beta1} etc.). */
    public static ObjectNode convert(ObjectNode object, String desiredApiVersion) throws ConversionException {
        String from = version(object.path("apiVersion").asText());
        String to = version(desiredApiVersion);
        if (from.equals(to)) {
            return object.deepCopy();
        }
        ObjectNode hub = toHub(object.deepCopy(), from);
        return fromHub(hub, to);
    }

    /** {@code v1beta1} for {@code compose.docker.com/v1beta1}; refuses other groups and unknown versions. */
    static String version(String apiVersion) throws ConversionException {
        if (!apiVersion.startsWith(GROUP_PREFIX)
                || !StackCrd.VERSIONS.contains(apiVersion.substring(GROUP_PREFIX.length()))) {
            throw new ConversionException("unsupported apiVersion \"" + apiVersion + "\"; expected one of "
                    + StackCrd.VERSIONS.stream().map(v -> GROUP_PREFIX + v).toList());
        }
        return apiVersion.substring(GROUP_PREFIX.length());
    }

    private static ObjectNode toHub(ObjectNode object, String from) throws ConversionException {
        Map<String, String> annotations = annotations(object);
        StackSpec spec;
        switch (from) {
            case StackCrd.V1BETA2 -> {
                Stack hub = V1beta2Conversion.toV1alpha3(new StackV1beta2(null, null,
                        ObjectMeta.of("", "").withAnnotations(annotations), spec(object), null));
                spec = hub.spec();
                annotations = new LinkedHashMap<>(hub.metadata().annotations());
            }
            case StackCrd.V1BETA1 -> {
                String text = object.path("spec").path("composeFile").asText("");
                String kept = annotations.remove(SPEC_ANNOTATION);
                spec = keptSpec(kept, text);
                if (spec == null) {
                    spec = parse(object.path("metadata").path("name").asText(""), text);
                }
                annotations.put(COMPOSE_FILE_ANNOTATION, text);
            }
            default -> spec = spec(object);
        }
        return rebuild(object, Stack.API_VERSION, annotations, StackJson.tree(spec));
    }

    private static ObjectNode fromHub(ObjectNode hub, String to) {
        Map<String, String> annotations = annotations(hub);
        StackSpec spec = spec(hub);
        return switch (to) {
            case StackCrd.V1BETA2 -> {
                StackV1beta2 v = V1beta2Conversion.toV1beta2(new Stack(null, null,
                        ObjectMeta.of("", "").withAnnotations(annotations), spec, null));
                yield rebuild(hub, StackV1beta2.API_VERSION, v.metadata().annotations(), StackJson.tree(v.spec()));
            }
            case StackCrd.V1BETA1 -> {
                String kept = annotations.remove(COMPOSE_FILE_ANNOTATION);
                String name = hub.path("metadata").path("name").asText("");
                String text = kept != null && spec.equals(parseQuietly(name, kept)) ? kept
                        : SpecToCompose.yaml(name, spec);
                if (!spec.equals(parseQuietly(name, text))) {
                    annotations.put(SPEC_ANNOTATION, StackJson.write(new KeptSpec(digest(text), spec)));
                }
                ObjectNode v1beta1Spec = StackJson.strict().createObjectNode().put("composeFile", text);
                yield rebuild(hub, GROUP_PREFIX + StackCrd.V1BETA1, annotations, v1beta1Spec);
            }
            default -> hub;
        };
    }

    /** The spec and the digest of the compose text it was carried with. */
    record KeptSpec(String composeFileSha256, StackSpec spec) {
    }

    private static StackSpec keptSpec(String annotation, String text) {
        if (annotation == null) {
            return null;
        }
        try {
            KeptSpec kept = StackJson.lenient().readValue(annotation, KeptSpec.class);
            return kept.composeFileSha256().equals(digest(text)) ? kept.spec() : null;
        } catch (JsonProcessingException e) {
            return null; // an unreadable annotation carries nothing: the text decides
        }
    }

    private static StackSpec parse(String name, String text) throws ConversionException {
        try {
            return ComposeFileParser.parse(name, text).spec();
        } catch (ComposeFileParser.ParseException e) {
            throw new ConversionException("parsing error: " + e.getMessage());
        }
    }

    private static StackSpec parseQuietly(String name, String text) {
        try {
            return ComposeFileParser.parse(name, text).spec();
        } catch (ComposeFileParser.ParseException e) {
            return null;
        }
    }

    static StackSpec spec(ObjectNode object) {
        JsonNode spec = object.path("spec");
        try {
            return spec.isObject() ? StackJson.lenient().treeToValue(spec, StackSpec.class) : StackSpec.of(null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("spec: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> annotations(ObjectNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.path("metadata").path("annotations").fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static ObjectNode rebuild(ObjectNode source, String apiVersion, Map<String, String> annotations,
            JsonNode spec) {
        ObjectNode out = source.deepCopy();
        out.put("apiVersion", apiVersion);
        ObjectNode metadata = out.with("metadata");
        if (annotations.isEmpty()) {
            metadata.remove("annotations");
        } else {
            ObjectNode a = metadata.putObject("annotations");
            annotations.forEach(a::put);
        }
        out.set("spec", spec);
        return out;
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
