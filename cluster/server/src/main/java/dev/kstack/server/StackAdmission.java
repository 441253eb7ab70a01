package dev.kstack.server;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Problem;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.api.v1beta1.StackV1beta1;
import dev.kstack.convert.ConversionResult;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The validating webhook. A Stack written in any version is refused, with every problem named by its path, when its
 * spec has a field kstack does not know or a value of the wrong type, when its v1beta1 compose file does not parse
 * (the loader's messages), when validation or a dry-run conversion to Kubernetes objects fails, when an object it
 * would create collides with one that is not the stack's, or when the author annotation is not the caller's.
 */
public final class StackAdmission {
    private final CollisionCheck collisions;

    public StackAdmission(CollisionCheck collisions) {
        this.collisions = collisions;
    }

    public AdmissionResponse review(AdmissionRequest request) {
        if (!request.writes()) {
            return AdmissionResponse.allow();
        }
        ObjectNode object = request.object();
        List<String> problems = new ArrayList<>();
        String version;
        try {
            version = StackVersions.version(object.path("apiVersion").asText());
        } catch (StackVersions.ConversionException e) {
            return new AdmissionResponse.Refused(e.getMessage());
        }
        checkAuthor(request, problems);
        StackSpec spec = readSpec(request.name(), version, object.path("spec"), problems);
        if (spec == null) {
            return refuse(problems);
        }
        ConversionResult result;
        try {
            result = StackConverter.convert(StackInput.of(request.name(), request.namespace(), spec));
        } catch (InvalidStackException e) {
            e.problems().forEach(p -> problems.add(specPath(p)));
            return refuse(problems);
        } catch (RuntimeException e) {
            problems.add("the stack cannot be converted to Kubernetes objects: " + e.getMessage());
            return refuse(problems);
        }
        problems.addAll(collisions.collisions(request.namespace(), request.name(), result.objects()));
        if (!problems.isEmpty()) {
            return refuse(problems);
        }
        return new AdmissionResponse.Allowed(null, result.warnings());
    }

    private static StackSpec readSpec(String name, String version, JsonNode spec, List<String> problems) {
        if (!spec.isObject()) {
            problems.add("spec: is required");
            return null;
        }
        if (version.equals(StackCrd.V1BETA1)) {
            StackV1beta1.Spec v1beta1 = strict(spec, StackV1beta1.Spec.class, problems);
            if (v1beta1 == null) {
                return null;
            }
            try {
                return ComposeFileParser.parse(name, v1beta1.composeFile()).spec();
            } catch (ComposeFileParser.ParseException e) {
                e.messages().forEach(m -> problems.add("spec.composeFile: parsing error: " + m));
                return null;
            }
        }
        if (version.equals(StackCrd.V1BETA2)) {
            v1alpha3OnlyFields(spec, problems);
        }
        StackSpec parsed = strict(spec, StackSpec.class, problems);
        if (parsed == null || !problems.isEmpty()) {
            return null;
        }
        try {
            return StackVersions.spec(StackVersions.convert(wrap(version, spec), StackVersions.GROUP_PREFIX
                    + StackCrd.V1ALPHA3));
        } catch (StackVersions.ConversionException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static ObjectNode wrap(String version, JsonNode spec) {
        ObjectNode object = StackJson.strict().createObjectNode().put("apiVersion", StackVersions.GROUP_PREFIX + version);
        object.putObject("metadata");
        object.set("spec", spec);
        return object;
    }

    private static void v1alpha3OnlyFields(JsonNode spec, List<String> problems) {
        JsonNode services = spec.path("services");
        for (int i = 0; i < services.size(); i++) {
            for (Iterator<String> names = services.get(i).fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (StackSchema.V1ALPHA3_ONLY.contains(field)) {
                    problems.add("unknown field \"spec.services[" + i + "]." + field
                            + "\" (it exists in compose.docker.com/v1alpha3 only)");
                }
            }
        }
    }

    private static <T> T strict(JsonNode spec, Class<T> type, List<String> problems) {
        try {
            return StackJson.strict().treeToValue(spec, type);
        } catch (UnrecognizedPropertyException e) {
            problems.add("unknown field \"" + path(e) + "\"");
        } catch (DatabindException e) {
            problems.add(path(e) + ": " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("spec: " + e.getOriginalMessage());
        }
        return null;
    }

    private static String path(DatabindException e) {
        StringBuilder b = new StringBuilder("spec");
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    b.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    b.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        return b.toString();
    }

    private static void checkAuthor(AdmissionRequest request, List<String> problems) {
        String recorded = request.object().path("metadata").path("annotations").path(StackAuthor.ANNOTATION).asText(null);
        if (recorded != null && !recorded.equals(AuthorMutation.authorJson(request.author()))) {
            problems.add("metadata.annotations." + StackAuthor.ANNOTATION
                    + ": is written by the server and must be the caller (" + request.author().userName() + ")");
        }
    }

    private static String specPath(Problem p) {
        return p.path().isEmpty() || p.path().startsWith("metadata") ? p.toString() : "spec." + p;
    }

    private static AdmissionResponse refuse(List<String> problems) {
        return new AdmissionResponse.Refused(String.join("; ", problems));
    }
}
