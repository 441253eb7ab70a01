package dev.kstack.server;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;
import dev.kstack.api.v1beta1.StackV1beta1;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CRD's structural schema, generated from the Java wire types through Jackson's own view of them, so the JSON
 * names (including {@code paralellism} and the capitalised placement names) cannot drift from what kstack reads.
 *
 * <p>Every object node keeps unknown fields ({@code x-kubernetes-preserve-unknown-fields}) instead of letting the API
 * server prune them silently: the validating webhook reads the spec strictly and refuses an unknown field by name.
 * Every property is nullable, because Go clients (the Docker CLI) send {@code null} for absent pointers.
 */
public final class StackSchema {
    /** The service fields that v1beta2 does not have. */
    static final Set<String> V1ALPHA3_ONLY = Set.of("pull_secret", "pull_policy", "internal_ports",
            "internal_service_type");
    private static final ObjectMapper MAPPER = StackJson.strict();

    private StackSchema() {
    }

    /** The schema of a whole Stack object in {@code version} (v1alpha3, v1beta2 or v1beta1). */
    public static JSONSchemaProps forVersion(String version) {
        JSONSchemaProps spec = switch (version) {
            case StackCrd.V1ALPHA3 -> of(StackSpec.class);
            case StackCrd.V1BETA2 -> withoutV1alpha3Fields(of(StackSpec.class));
            case StackCrd.V1BETA1 -> of(StackV1beta1.Spec.class);
            default -> throw new IllegalArgumentException("unknown version " + version);
        };
        Map<String, JSONSchemaProps> root = new LinkedHashMap<>();
        root.put("apiVersion", scalar("string"));
        root.put("kind", scalar("string"));
        root.put("metadata", new JSONSchemaPropsBuilder().withType("object").build());
        root.put("spec", spec);
        root.put("status", of(StackStatus.class));
        return new JSONSchemaPropsBuilder().withType("object").withProperties(root).build();
    }

    /** The schema of a Java wire type. */
    public static JSONSchemaProps of(Class<?> type) {
        return schema(MAPPER.constructType(type));
    }

    private static JSONSchemaProps schema(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return nullable("string");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            JSONSchemaProps p = nullable("integer");
            p.setFormat(raw == int.class || raw == Integer.class ? "int32" : "int64");
            return p;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return nullable("boolean");
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return new JSONSchemaPropsBuilder().withNullable(true).withXKubernetesPreserveUnknownFields(true).build();
        }
        if (type.isCollectionLikeType()) {
            JSONSchemaProps p = nullable("array");
            p.setItems(new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrArray(
                    null, schema(type.getContentType())));
            return p;
        }
        if (type.isMapLikeType()) {
            JSONSchemaProps p = nullable("object");
            p.setAdditionalProperties(new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool(
                    null, schema(type.getContentType())));
            return p;
        }
        if (raw.isPrimitive() || raw.getName().startsWith("java.")) {
            throw new IllegalArgumentException("no schema mapping for " + type);
        }
        Map<String, JSONSchemaProps> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : MAPPER.getSerializationConfig().introspect(type).findProperties()) {
            properties.put(property.getName(), schema(property.getPrimaryType()));
        }
        JSONSchemaProps p = nullable("object");
        p.setProperties(properties);
        p.setXKubernetesPreserveUnknownFields(true);
        return p;
    }

    private static JSONSchemaProps withoutV1alpha3Fields(JSONSchemaProps spec) {
        JSONSchemaProps service = spec.getProperties().get("services").getItems().getSchema();
        Map<String, JSONSchemaProps> kept = new LinkedHashMap<>(service.getProperties());
        kept.keySet().removeAll(V1ALPHA3_ONLY);
        service.setProperties(kept);
        return spec;
    }

    private static JSONSchemaProps scalar(String type) {
        return new JSONSchemaPropsBuilder().withType(type).build();
    }

    private static JSONSchemaProps nullable(String type) {
        return new JSONSchemaPropsBuilder().withType(type).withNullable(true).build();
    }
}
