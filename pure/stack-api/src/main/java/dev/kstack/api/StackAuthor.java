package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Who created or last changed a stack, as the API server authenticated them. The controller creates the stack's
 * objects impersonating this user, so a stack can never do more than its author may.
 *
 * <p>In CRD mode the mutating admission webhook writes it, as JSON, into the annotation {@value #ANNOTATION} on every
 * create and update (overwriting whatever the request carried, so nobody can forge it). The JSON names are those of
 * the original's {@code stacks/owner} subresource ({@code UserName, Groups, Extra}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StackAuthor(@JsonProperty("UserName") String userName, @JsonProperty("Groups") List<String> groups,
        @JsonProperty("Extra") Map<String, List<String>> extra) {
    /** The annotation that holds the author in CRD mode. */
    public static final String ANNOTATION = "kstack.dev/author";

    public StackAuthor {
        userName = Values.string(userName);
        groups = Values.list(groups);
        extra = Values.map(extra);
    }
}
