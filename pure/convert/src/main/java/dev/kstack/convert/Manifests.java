package dev.kstack.convert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** Writes Kubernetes objects as {@code kubectl apply -f -} reads them: a YAML stream, or a JSON List. */
public final class Manifests {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build())
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();

    private Manifests() {
    }

    /** One YAML document per object, separated by {@code ---}. */
    public static String yaml(List<? extends HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects) {
            if (out.length() > 0) {
                out.append("---\n");
            }
            out.append(yaml(o));
        }
        return out.toString();
    }

    public static String yaml(HasMetadata object) {
        return write(YAML, object);
    }

    /** A YAML document (a values file, an object changed as a tree) written as {@link #yaml(HasMetadata)} writes. */
    public static String yaml(JsonNode document) {
        return write(YAML, document);
    }

    /** The object as the tree of what {@link #yaml(HasMetadata)} writes: no empty fields, quantities as strings. */
    public static JsonNode tree(HasMetadata object) {
        try {
            return YAML.readTree(yaml(object));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code v1 List} holding the objects. */
    public static String json(List<? extends HasMetadata> objects) {
        return write(JSON, new KubernetesList(objects)) + "\n";
    }

    public static String json(HasMetadata object) {
        return write(JSON, object) + "\n";
    }

    /** A file name for the object: {@code deployment-web.yaml}. */
    public static String fileName(HasMetadata object, String extension) {
        return object.getKind().toLowerCase(Locale.ROOT) + "-" + object.getMetadata().getName() + "." + extension;
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code kind: List} wrapper that kubectl accepts. */
    record KubernetesList(String apiVersion, String kind, List<? extends HasMetadata> items) {
        KubernetesList(List<? extends HasMetadata> items) {
            this("v1", "List", items);
        }
    }
}
