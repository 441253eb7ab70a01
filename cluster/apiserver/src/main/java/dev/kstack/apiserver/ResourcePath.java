package dev.kstack.apiserver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request path of the group, with the Kubernetes verb it means:
 * {@code /apis/compose.docker.com/<version>} (the resource list), {@code .../stacks} (all namespaces),
 * {@code .../namespaces/<ns>/stacks[/<name>[/<subresource>]]}.
 *
 * @param namespace null for all namespaces
 * @param name "" for a collection
 * @param subresource "" for the object itself
 */
record ResourcePath(String version, String namespace, String name, String subresource, String verb,
        Map<String, String> query, boolean resourceList) {
    static final Set<String> SUBRESOURCES = Set.of("status", "composefile", "scale", "log", "owner");
    private static final String GROUP_PATH = "/apis/compose.docker.com/";

    static ResourcePath parse(String path, String method, Map<String, String> query) {
        String[] parts = path.substring(GROUP_PATH.length()).split("/");
        String version = parts[0];
        if (!Versions.ALL.contains(version)) {
            throw notFound();
        }
        if (parts.length == 1) {
            return new ResourcePath(version, null, "", "", "get", query, true);
        }
        List<String> rest = List.of(parts).subList(1, parts.length);
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (!rest.get(0).equals("stacks") || rest.size() > 3 || namespace == null && rest.size() > 1) {
            throw notFound();
        }
        String name = rest.size() > 1 ? rest.get(1) : "";
        String subresource = rest.size() > 2 ? rest.get(2) : "";
        if (!subresource.isEmpty() && !SUBRESOURCES.contains(subresource)) {
            throw notFound();
        }
        return new ResourcePath(version, namespace, name, subresource, verb(method, name, subresource, query), query,
                false);
    }

    private static String verb(String method, String name, String subresource, Map<String, String> query) {
        boolean collection = name.isEmpty();
        String verb = switch (method) {
            case "GET", "HEAD" -> collection ? ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))
                    ? "watch" : "list") : "get";
            case "POST" -> collection ? "create" : subresource.equals("composefile") ? "create" : null;
            case "PUT" -> collection ? null : "update";
            case "PATCH" -> collection ? null : "patch";
            case "DELETE" -> collection ? "deletecollection" : subresource.isEmpty() ? "delete" : null;
            default -> null;
        };
        if (verb == null) {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
                    + "resource", null, List.of());
        }
        return verb;
    }

    private static ApiException notFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null, List.of());
    }
}
