package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** kstack: a top-level network, used for NetworkPolicies when the stack opts in. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NetworkConfig(String name, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean internal) {
    public NetworkConfig {
        name = Values.string(name);
    }
}
