package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A resource amount: {@code cpus} as a decimal string ("0.5"), {@code memory} in bytes (0 when absent),
 * and kstack's {@code pids} (null when absent).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Resource(String cpus, @JsonInclude(JsonInclude.Include.NON_DEFAULT) long memory, Long pids) {
    public Resource {
        cpus = Values.string(cpus);
    }
}
