package dev.kstack.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import java.util.List;

/**
 * The mutating webhook: on every create and update, writes the authenticated caller (user name, groups, extra) as
 * JSON into the annotation {@value StackAuthor#ANNOTATION}, replacing whatever the request carried.
 */
public final class AuthorMutation {
    private AuthorMutation() {
    }

    public static AdmissionResponse review(AdmissionRequest request) {
        if (!request.writes()) {
            return AdmissionResponse.allow();
        }
        String author = authorJson(request.author());
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        if (!request.object().path("metadata").path("annotations").isObject()) {
            ObjectNode annotations = JsonNodeFactory.instance.objectNode().put(StackAuthor.ANNOTATION, author);
            patch.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", annotations);
        } else {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations/" + escape(StackAuthor.ANNOTATION))
                    .put("value", author);
        }
        return new AdmissionResponse.Allowed(patch, List.of());
    }

    /** The annotation's value for an author. */
    public static String authorJson(StackAuthor author) {
        return StackJson.write(author);
    }

    /** A JSON pointer segment (RFC 6901). */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
