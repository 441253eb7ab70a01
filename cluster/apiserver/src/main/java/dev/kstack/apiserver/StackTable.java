package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.StackStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-side Table of {@code kubectl get stacks}: {@code NAME SERVICES PORTS STATUS CREATED AT}, each row
 * carrying the object's metadata as PartialObjectMetadata (or the whole object with {@code includeObject=Object}).
 */
final class StackTable {
    private StackTable() {
    }

    /**
     * The table of a list ({@code StackList}) or of one object, in {@code tableVersion} ({@code v1} or
     * {@code v1beta1} of meta.k8s.io); {@code includeObject} is None, Metadata (the default) or Object.
     */
    static ObjectNode of(JsonNode listOrObject, String tableVersion, String includeObject) {
        String apiVersion = "meta.k8s.io/" + tableVersion;
        ObjectNode table = ObjectNodes.empty().put("kind", "Table").put("apiVersion", apiVersion);
        ObjectNode metadata = table.putObject("metadata");
        JsonNode items;
        if (listOrObject.has("items")) {
            JsonNode listMeta = listOrObject.path("metadata");
            metadata.put("resourceVersion", listMeta.path("resourceVersion").asText(""));
            if (listMeta.has("continue")) {
                metadata.put("continue", listMeta.path("continue").asText());
            }
            if (listMeta.has("remainingItemCount")) {
                metadata.put("remainingItemCount", listMeta.path("remainingItemCount").asLong());
            }
            items = listOrObject.path("items");
        } else {
            metadata.put("resourceVersion", listOrObject.path("metadata").path("resourceVersion").asText(""));
            items = ObjectNodes.empty().arrayNode().add(listOrObject);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        column(columns, "Name", "string", "name", "Stack name");
        column(columns, "Services", "int", "", "Number of services");
        column(columns, "Ports", "string", "", "Exposed ports");
        column(columns, "Status", "string", "", "Current stack status");
        column(columns, "Created At", "date", "", "Creation date");
        ArrayNode rows = table.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            JsonNode meta = item.path("metadata");
            cells.add(meta.path("name").asText(""));
            cells.add(item.path("spec").path("services").size());
            cells.add(ports(item.path("spec")));
            cells.add(status(item.path("status")));
            cells.add(meta.path("creationTimestamp").asText(""));
            switch (includeObject) {
                case "None" -> { }
                case "Object" -> row.set("object", item);
                default -> {
                    ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
                            .put("apiVersion", apiVersion);
                    partial.set("metadata", meta.deepCopy());
                }
            }
        }
        return table;
    }

    /** {@code web: 33000}, one entry per service with published ports ({@code svc: 80,443}), comma separated. */
    static String ports(JsonNode spec) {
        if (spec.has("composeFile") && !spec.has("services")) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (JsonNode service : spec.path("services")) {
            List<String> published = new ArrayList<>();
            for (JsonNode port : service.path("ports")) {
                if (port.path("published").asInt(0) > 0) {
                    published.add(port.path("published").asText());
                }
            }
            if (!published.isEmpty()) {
                out.add(service.path("name").asText() + ": " + String.join(",", published));
            }
        }
        return String.join(", ", out);
    }

    /** {@code Available (Stack is started)}: the controller's summary, else the phase and message, within the cap. */
    static String status(JsonNode status) {
        String summary = status.path("summary").asText("");
        return !summary.isEmpty() ? summary
                : StackStatus.summary(status.path("phase").asText(""), status.path("message").asText(""));
    }

    private static void column(ArrayNode columns, String name, String type, String format, String description) {
        columns.addObject().put("name", name).put("type", type).put("format", format).put("description", description)
                .put("priority", 0);
    }
}
