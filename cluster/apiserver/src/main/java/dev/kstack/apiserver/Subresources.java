package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.server.StackCrd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The subresources the original served besides {@code status}:
 * <ul>
 *   <li>{@code composefile} (kind ComposeFile, {@code {composeFile: string}}): GET gives the stack as a compose file
 *       (the v1beta1 view); PUT, POST and PATCH replace it, and the server parses it into the spec;</li>
 *   <li>{@code scale} (kind Scale, {@code {spec: {svc: replicas}, status: {svc: ready}}}, -1 for global services):
 *       PUT and PATCH set replicas; an unknown or global service is Invalid;</li>
 *   <li>{@code owner} (kind Owner, {@code {owner: {UserName, Groups, Extra}}}): who last wrote the stack;</li>
 *   <li>{@code log}: the merged logs of the stack's pods ({@link PodLogs}).</li>
 * </ul>
 */
public final class Subresources {
    private final StackRegistry registry;
    private final PodLogs logs;

    public Subresources(StackRegistry registry, PodLogs logs) {
        this.registry = registry;
        this.logs = logs;
    }

    void serve(HttpExchange exchange, ResourcePath p, StackAuthor user, ApiServer server) throws IOException {
        boolean dryRun = p.query().containsKey("dryRun");
        switch (p.subresource()) {
            case "composefile" -> ApiServer.send(exchange, p.verb().equals("create") ? 201 : 200,
                    p.verb().equals("get") ? composeFile(p.namespace(), p.name(), p.version())
                            : writeComposeFile(p, server.body(exchange), ApiServer.contentType(exchange), user,
                                    dryRun));
            case "scale" -> ApiServer.send(exchange, 200, p.verb().equals("get")
                    ? scale(p.namespace(), p.name(), p.version())
                    : writeScale(p, server.body(exchange), ApiServer.contentType(exchange), user, dryRun));
            case "owner" -> {
                requireGet(p);
                ApiServer.send(exchange, 200, owner(p.namespace(), p.name(), p.version()));
            }
            case "log" -> {
                requireGet(p);
                registry.current(p.namespace(), p.name());
                logs.stream(exchange, p.namespace(), p.name(), PodLogs.Options.of(p.query()));
            }
            default -> throw new ApiException(404, "NotFound", "no subresource " + p.subresource(), null, List.of());
        }
    }

    private static void requireGet(ResourcePath p) {
        if (!p.verb().equals("get")) {
            throw new ApiException(405, "MethodNotAllowed", "stacks/" + p.subresource() + " supports GET only",
                    null, List.of());
        }
    }

    ObjectNode composeFile(String namespace, String name, String version) {
        ObjectNode v1beta1 = registry.get(namespace, name, StackCrd.V1BETA1);
        ObjectNode out = header("ComposeFile", version, v1beta1);
        out.put("composeFile", v1beta1.path("spec").path("composeFile").asText(""));
        return out;
    }

    private ObjectNode writeComposeFile(ResourcePath p, JsonNode body, String contentType, StackAuthor user,
            boolean dryRun) {
        JsonNode given = body;
        if (p.verb().equals("patch")) {
            given = Patches.merge(composeFile(p.namespace(), p.name(), p.version()), body);
        }
        if (!given.path("composeFile").isTextual()) {
            throw ApiException.invalid(p.name(), List.of(new ApiException.Cause("FieldValueRequired", "composeFile",
                    "composeFile must be a string")));
        }
        String text = given.path("composeFile").asText();
        String precondition = given.path("metadata").path("resourceVersion").asText("");
        ObjectNode written = registry.write(p.namespace(), p.name(), StackCrd.V1BETA1, null, precondition, user,
                dryRun, current -> {
                    current.putObject("spec").put("composeFile", text);
                    return current;
                });
        ObjectNode out = header("ComposeFile", p.version(), written);
        out.put("composeFile", written.path("spec").path("composeFile").asText(""));
        return out;
    }

    ObjectNode scale(String namespace, String name, String version) {
        ObjectNode stack = registry.get(namespace, name, Versions.V1ALPHA3);
        ObjectNode out = header("Scale", version, stack);
        ObjectNode spec = out.putObject("spec");
        ObjectNode status = out.putObject("status");
        JsonNode services = stack.path("status").path("services");
        for (JsonNode service : stack.path("spec").path("services")) {
            String svc = service.path("name").asText();
            boolean global = "global".equals(service.path("deploy").path("mode").asText(""));
            spec.put(svc, global ? -1 : service.path("deploy").path("replicas").asInt(1));
            status.put(svc, services.path(svc).path("ready").asInt(0));
        }
        return out;
    }

    private ObjectNode writeScale(ResourcePath p, JsonNode body, String contentType, StackAuthor user,
            boolean dryRun) {
        JsonNode given = p.verb().equals("patch")
                ? (contentType.equals("application/json-patch+json")
                        ? Patches.json(scale(p.namespace(), p.name(), p.version()), body)
                        : Patches.merge(scale(p.namespace(), p.name(), p.version()), body))
                : body;
        JsonNode wanted = given.path("spec");
        if (!wanted.isObject()) {
            throw ApiException.invalid(p.name(), List.of(new ApiException.Cause("FieldValueRequired", "spec",
                    "spec must map service names to replicas")));
        }
        String precondition = given.path("metadata").path("resourceVersion").asText("");
        registry.write(p.namespace(), p.name(), Versions.V1ALPHA3, null, precondition, user, dryRun, current -> {
            List<ApiException.Cause> problems = new ArrayList<>();
            ArrayNode services = (ArrayNode) current.with("spec").withArray("services");
            for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectNode service = find(services, e.getKey());
                String field = "spec." + e.getKey();
                if (service == null) {
                    problems.add(new ApiException.Cause("FieldValueNotFound", field, "unknown service \""
                            + e.getKey() + "\""));
                } else if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0 && !isGlobal(service)) {
                    problems.add(new ApiException.Cause("FieldValueInvalid", field,
                            "replicas must be a non-negative integer"));
                } else if (isGlobal(service)) {
                    if (e.getValue().asInt() != -1) {
                        problems.add(new ApiException.Cause("FieldValueInvalid", field,
                                "service \"" + e.getKey() + "\" is global: it runs on every node and cannot be scaled"));
                    }
                } else {
                    service.with("deploy").put("replicas", e.getValue().asInt());
                }
            }
            if (!problems.isEmpty()) {
                throw ApiException.invalid(p.name(), problems);
            }
            return current;
        });
        return scale(p.namespace(), p.name(), p.version());
    }

    private static boolean isGlobal(JsonNode service) {
        return "global".equals(service.path("deploy").path("mode").asText(""));
    }

    private static ObjectNode find(ArrayNode services, String name) {
        for (JsonNode s : services) {
            if (s.path("name").asText().equals(name) && s instanceof ObjectNode o) {
                return o;
            }
        }
        return null;
    }

    ObjectNode owner(String namespace, String name, String version) {
        ObjectNode stack = registry.get(namespace, name, Versions.V1ALPHA3);
        ObjectNode out = header("Owner", version, stack);
        String json = stack.path("metadata").path("annotations").path(StackAuthor.ANNOTATION).asText("");
        JsonNode owner;
        try {
            owner = json.isEmpty() ? ObjectNodes.empty() : StackJson.lenient().readTree(json);
        } catch (IOException e) {
            owner = ObjectNodes.empty();
        }
        out.set("owner", owner);
        return out;
    }

    private static ObjectNode header(String kind, String version, ObjectNode stack) {
        ObjectNode out = ObjectNodes.empty().put("kind", kind).put("apiVersion", Stack.GROUP + "/" + version);
        JsonNode meta = stack.path("metadata");
        ObjectNode m = out.putObject("metadata");
        for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (meta.has(field)) {
                m.set(field, meta.get(field));
            }
        }
        return out;
    }
}
