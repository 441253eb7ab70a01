package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code external: {name, external}}: whether the object exists outside the stack, and its name there. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record External(String name, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean external) {
    public static final External NONE = new External(null, false);

    public External {
        name = Values.string(name);
    }
}
