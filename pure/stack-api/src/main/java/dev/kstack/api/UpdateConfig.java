package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code update_config}. The wire name of the parallelism is {@code paralellism} (misspelt in the original;
 * the spelling is the contract). kstack adds {@code delay} and {@code monitor} (nanoseconds),
 * {@code order} ({@code stop-first}/{@code start-first}) and {@code failure_action}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record UpdateConfig(
        @JsonProperty("paralellism") Long parallelism,
        Long delay,
        String order,
        Long monitor,
        @JsonProperty("failure_action") String failureAction) {
    public UpdateConfig {
        order = Values.string(order);
        failureAction = Values.string(failureAction);
    }
}
