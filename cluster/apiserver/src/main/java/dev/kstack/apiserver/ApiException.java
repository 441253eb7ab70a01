package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Stack;
import java.util.List;

/**
 * A request that fails with a Kubernetes {@code Status} (kind Status, apiVersion v1): code, reason, message and
 * details naming the object and, for 422 Invalid, one cause per problem.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final String name;
    private final transient List<Cause> causes;

    /** One problem of an Invalid object: the field path and what is wrong with it. */
    public record Cause(String reason, String field, String message) {
    }

    public ApiException(int code, String reason, String message, String name, List<Cause> causes) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.name = name;
        this.causes = List.copyOf(causes);
    }

    public static ApiException notFound(String name) {
        return new ApiException(404, "NotFound", "stacks." + Stack.GROUP + " \"" + name + "\" not found", name,
                List.of());
    }

    public static ApiException alreadyExists(String name) {
        return new ApiException(409, "AlreadyExists", "stacks." + Stack.GROUP + " \"" + name + "\" already exists",
                name, List.of());
    }

    public static ApiException conflict(String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on stacks." + Stack.GROUP + " \""
                + name + "\": " + why, name, List.of());
    }

    public static ApiException invalid(String name, List<Cause> causes) {
        StringBuilder message = new StringBuilder("Stack." + Stack.GROUP + " \"" + name + "\" is invalid: ");
        for (int i = 0; i < causes.size(); i++) {
            Cause c = causes.get(i);
            message.append(i == 0 ? "" : ", ").append(c.field().isEmpty() ? "" : c.field() + ": ").append(c.message());
        }
        return new ApiException(422, "Invalid", message.toString(), name, causes);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, List.of());
    }

    public static ApiException expired(String message) {
        return new ApiException(410, "Expired", message, null, List.of());
    }

    public static ApiException of(StoreException e, String name) {
        return switch (e.kind()) {
            case NOT_FOUND -> notFound(name);
            case ALREADY_EXISTS -> alreadyExists(name);
            case CONFLICT -> conflict(name, "the object has been modified; please apply your changes to the latest "
                    + "version and try again");
            case EXPIRED -> expired(e.getMessage());
            case UNAVAILABLE -> new ApiException(503, "ServiceUnavailable", e.getMessage(), name, List.of());
        };
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public List<Cause> causes() {
        return causes;
    }

    /** The Status object. */
    public ObjectNode status() {
        return status(code, reason, getMessage(), name, causes);
    }

    static ObjectNode status(int code, String reason, String message, String name, List<Cause> causes) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", code < 400 ? "Success" : "Failure").put("message", message).put("reason", reason);
        if (name != null) {
            ObjectNode details = status.putObject("details").put("name", name).put("group", Stack.GROUP)
                    .put("kind", "stacks");
            if (!causes.isEmpty()) {
                ArrayNode list = details.putArray("causes");
                causes.forEach(c -> list.addObject().put("reason", c.reason()).put("message", c.message())
                        .put("field", c.field()));
            }
        }
        status.put("code", code);
        return status;
    }
}
