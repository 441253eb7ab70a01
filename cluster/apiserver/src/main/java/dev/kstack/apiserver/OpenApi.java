package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Stack;
import dev.kstack.server.StackSchema;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI v2 document ({@code /openapi/v2}) that kube-apiserver merges into its own, so that
 * {@code kubectl explain stacks} and kubectl's client-side validation work: per version a {@code Stack} and a
 * {@code StackList} definition, built from the same schema as the CRD mode's ({@link StackSchema}), reduced to what
 * OpenAPI v2 can say and tagged with their group, version and kind, plus the paths of the {@code stacks} resource
 * that refer to them.
 *
 * <p>The paths are not decoration: kube-apiserver 1.20 keeps only the paths of an APIService's document that start
 * with {@code /apis/} and drops every definition those paths do not refer to, so a document without paths
 * contributes nothing to the merged one.
 */
final class OpenApi {
    /** The only media type served; the aggregator asks for it. */
    static final String MEDIA_TYPE = "application/json";
    private static final Set<String> V2_KEYWORDS = Set.of("type", "format", "description", "properties", "items",
            "additionalProperties", "required", "enum", "minimum", "maximum", "pattern", "default");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String json;
    private final String etag;

    private OpenApi(String json) {
        this.json = json;
        this.etag = "\"" + sha256(json) + "\"";
    }

    /** The document as served, built once. */
    static OpenApi build() {
        return new OpenApi(v2().toString());
    }

    String json() {
        return json;
    }

    /** The strong entity tag of the document (quoted), sent as {@code ETag} and compared to {@code If-None-Match}. */
    String etag() {
        return etag;
    }

    /** True when {@code ifNoneMatch} (a request header, possibly a list or {@code *}) names this document. */
    boolean notModified(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a client sending {@code accept} takes JSON: no header, {@code application/json}, {@code application/*}
     * or the wildcard {@code *}/{@code *} among its media ranges (with a non-zero quality). A client that asks only for the protobuf form
     * ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}) gets 406.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals(MEDIA_TYPE) && !type.equals("application/*") && !type.equals("*/*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().replace(" ", "");
                refused |= p.equals("q=0") || p.matches("q=0\\.0*");
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode v2() {
        ObjectNode doc = ObjectNodes.empty().put("swagger", "2.0");
        doc.putObject("info").put("title", "kstack compose.docker.com").put("version", "v1");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode definitions = doc.putObject("definitions");
        for (String version : Versions.ALL) {
            JsonNode schema = SERIALIZATION.convertValue(StackSchema.forVersion(version), JsonNode.class);
            ObjectNode definition = v2Schema(schema);
            definition.put("description", "Stack is a compose application deployed as Kubernetes objects ("
                    + Stack.GROUP + "/" + version + ").");
            gvk(definition, version, Stack.KIND);
            definitions.set(definitionName(version, Stack.KIND), definition);
            definitions.set(definitionName(version, StackRegistry.LIST_KIND), listDefinition(version));
            paths(paths, version);
        }
        return doc;
    }

    /** The definition's name: {@code com.docker.compose.<version>.<kind>}. */
    static String definitionName(String version, String kind) {
        return "com.docker.compose." + version + "." + kind;
    }

    private static ObjectNode listDefinition(String version) {
        ObjectNode list = ObjectNodes.empty().put("description", "StackList is a list of Stacks (" + Stack.GROUP
                + "/" + version + ").").put("type", "object");
        list.putArray("required").add("items");
        ObjectNode properties = list.putObject("properties");
        properties.putObject("apiVersion").put("type", "string")
                .put("description", "APIVersion defines the versioned schema of this representation of an object.");
        properties.putObject("kind").put("type", "string")
                .put("description", "Kind is a string value representing the REST resource this object represents.");
        properties.putObject("metadata").put("description", "Standard list metadata (resourceVersion, continue).");
        properties.putObject("items").put("type", "array").put("description", "The stacks.")
                .putObject("items").put("$ref", ref(version, Stack.KIND));
        gvk(list, version, StackRegistry.LIST_KIND);
        return list;
    }

    /** The {@code stacks} resource's paths in {@code version}, as kube-apiserver describes a namespaced resource. */
    private static void paths(ObjectNode paths, String version) {
        String base = "/apis/" + Stack.GROUP + "/" + version;
        String namespaced = base + "/namespaces/{namespace}/stacks";
        String stack = ref(version, Stack.KIND);
        String list = ref(version, StackRegistry.LIST_KIND);
        String v = Character.toUpperCase(version.charAt(0)) + version.substring(1);

        ObjectNode all = paths.putObject(base + "/stacks");
        operation(all, "get", "list", "listComposeDockerCom" + v + "StackForAllNamespaces", version, null, list);

        ObjectNode collection = paths.putObject(namespaced);
        parameters(collection, List.of("namespace"));
        operation(collection, "get", "list", "listComposeDockerCom" + v + "NamespacedStack", version, null, list);
        operation(collection, "post", "post", "createComposeDockerCom" + v + "NamespacedStack", version, stack, stack);
        operation(collection, "delete", "deletecollection", "deleteComposeDockerCom" + v + "CollectionNamespacedStack",
                version, null, list);

        ObjectNode item = paths.putObject(namespaced + "/{name}");
        parameters(item, List.of("name", "namespace"));
        operation(item, "get", "get", "readComposeDockerCom" + v + "NamespacedStack", version, null, stack);
        operation(item, "put", "put", "replaceComposeDockerCom" + v + "NamespacedStack", version, stack, stack);
        operation(item, "patch", "patch", "patchComposeDockerCom" + v + "NamespacedStack", version, "", stack);
        operation(item, "delete", "delete", "deleteComposeDockerCom" + v + "NamespacedStack", version, null, stack);

        ObjectNode status = paths.putObject(namespaced + "/{name}/status");
        parameters(status, List.of("name", "namespace"));
        operation(status, "get", "get", "readComposeDockerCom" + v + "NamespacedStackStatus", version, null, stack);
        operation(status, "put", "put", "replaceComposeDockerCom" + v + "NamespacedStackStatus", version, stack,
                stack);
        operation(status, "patch", "patch", "patchComposeDockerCom" + v + "NamespacedStackStatus", version, "",
                stack);
    }

    private static void parameters(ObjectNode path, List<String> names) {
        ArrayNode parameters = path.putArray("parameters");
        for (String name : names) {
            parameters.addObject().put("name", name).put("in", "path").put("required", true).put("type", "string")
                    .put("uniqueItems", true).put("description", name + " of the " + (name.equals("name")
                            ? "Stack" : "objects"));
        }
    }

    /**
     * One operation; {@code bodyRef} is the request body's definition (null: no body, "": a patch, any object) and
     * {@code responseRef} the answer's.
     */
    private static void operation(ObjectNode path, String method, String action, String id, String version,
            String bodyRef, String responseRef) {
        ObjectNode op = path.putObject(method).put("operationId", id);
        op.putArray("tags").add("composeDockerCom_" + version);
        op.putArray("consumes").add(method.equals("patch") ? "application/merge-patch+json" : MEDIA_TYPE);
        if (method.equals("patch")) {
            ((ArrayNode) op.get("consumes")).add("application/json-patch+json")
                    .add("application/strategic-merge-patch+json");
        }
        op.putArray("produces").add(MEDIA_TYPE);
        op.putArray("schemes").add("https");
        if (bodyRef != null) {
            ObjectNode body = op.putArray("parameters").addObject().put("name", "body").put("in", "body")
                    .put("required", true);
            if (bodyRef.isEmpty()) {
                body.putObject("schema").put("type", "object");
            } else {
                body.putObject("schema").put("$ref", bodyRef);
            }
        }
        ObjectNode responses = op.putObject("responses");
        responses.putObject("200").put("description", "OK").putObject("schema").put("$ref", responseRef);
        if (method.equals("post")) {
            responses.putObject("201").put("description", "Created").putObject("schema").put("$ref", responseRef);
        }
        responses.putObject("401").put("description", "Unauthorized");
        op.put("x-kubernetes-action", action);
        op.putObject("x-kubernetes-group-version-kind").put("group", Stack.GROUP).put("kind", Stack.KIND)
                .put("version", version);
    }

    private static String ref(String version, String kind) {
        return "#/definitions/" + definitionName(version, kind);
    }

    private static void gvk(ObjectNode definition, String version, String kind) {
        definition.putArray("x-kubernetes-group-version-kind").addObject().put("group", Stack.GROUP)
                .put("kind", kind).put("version", version);
    }

    /** The schema with only the OpenAPI v2 keywords (nullable, anyOf and the x-kubernetes extensions go). */
    static ObjectNode v2Schema(JsonNode schema) {
        ObjectNode out = ObjectNodes.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!V2_KEYWORDS.contains(e.getKey())) {
                continue;
            }
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(), v2Schema(p.getValue())));
                }
                case "items", "additionalProperties" -> {
                    if (e.getValue().isObject()) {
                        out.set(e.getKey(), v2Schema(e.getValue()));
                    } else if (e.getValue().isBoolean()) {
                        out.set(e.getKey(), e.getValue());
                    }
                }
                default -> out.set(e.getKey(), e.getValue());
            }
        }
        if (List.of("object").contains(out.path("type").asText()) && !out.has("properties")
                && !out.has("additionalProperties")) {
            out.remove("type"); // free-form
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
