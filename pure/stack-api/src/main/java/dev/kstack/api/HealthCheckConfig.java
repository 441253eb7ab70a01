package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code health_check}: the test ({@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]} or {@code ["NONE"]}),
 * timeout and interval in nanoseconds, retries; kstack adds {@code start_period} and {@code start_interval}.
 * Each number is null when absent.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HealthCheckConfig(
        List<String> test,
        Long timeout,
        Long interval,
        Long retries,
        @JsonProperty("start_period") Long startPeriod,
        @JsonProperty("start_interval") Long startInterval) {
    public HealthCheckConfig {
        test = Values.list(test);
    }
}
