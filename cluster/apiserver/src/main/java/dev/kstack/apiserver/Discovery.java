package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Stack;
import java.util.List;

/**
 * The discovery documents: {@code /apis} (APIGroupList), {@code /apis/compose.docker.com} (APIGroup) and
 * {@code /apis/compose.docker.com/<version>} (APIResourceList, as the original served it, plus {@code stacks/status},
 * which the controller writes through). They are built once: the aggregator polls them and marks the APIService
 * unavailable when they are slow.
 */
final class Discovery {
    static final List<String> STACK_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private final String groupList;
    private final String group;
    private final java.util.Map<String, String> resourceLists = new java.util.HashMap<>();

    Discovery() {
        ObjectNode groupNode = groupNode();
        ObjectNode list = ObjectNodes.empty().put("kind", "APIGroupList").put("apiVersion", "v1");
        list.putArray("groups").add(groupNode.deepCopy().without(List.of("kind", "apiVersion")));
        groupList = list.toString();
        group = groupNode.toString();
        for (String version : Versions.ALL) {
            resourceLists.put(version, resourceList(version).toString());
        }
    }

    String groupList() {
        return groupList;
    }

    String group() {
        return group;
    }

    /** The APIResourceList of a served version, or null. */
    String resources(String version) {
        return resourceLists.get(version);
    }

    private static ObjectNode groupNode() {
        ObjectNode node = ObjectNodes.empty().put("kind", "APIGroup").put("apiVersion", "v1").put("name", Stack.GROUP);
        ArrayNode versions = node.putArray("versions");
        for (String v : Versions.ALL) {
            versions.addObject().put("groupVersion", Stack.GROUP + "/" + v).put("version", v);
        }
        node.putObject("preferredVersion").put("groupVersion", Stack.GROUP + "/" + Versions.V1ALPHA3)
                .put("version", Versions.V1ALPHA3);
        return node;
    }

    static ObjectNode resourceList(String version) {
        ObjectNode list = ObjectNodes.empty().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", Stack.GROUP + "/" + version);
        ArrayNode resources = list.putArray("resources");
        resource(resources, "stacks", Stack.KIND, STACK_VERBS);
        resource(resources, "stacks/composefile", "ComposeFile", List.of("create", "get", "patch", "update"));
        resource(resources, "stacks/log", Stack.KIND, List.of("get"));
        resource(resources, "stacks/owner", "Owner", List.of("get"));
        resource(resources, "stacks/scale", "Scale", List.of("get", "patch", "update"));
        resource(resources, "stacks/status", Stack.KIND, List.of("get", "patch", "update"));
        return list;
    }

    private static void resource(ArrayNode resources, String name, String kind, List<String> verbs) {
        ObjectNode r = resources.addObject().put("name", name).put("singularName", "").put("namespaced", true)
                .put("kind", kind);
        ArrayNode v = r.putArray("verbs");
        verbs.forEach(v::add);
    }
}
