package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code deploy.restart_policy}: {@code condition} ({@code none}, {@code on-failure}, {@code any});
 * kstack adds {@code delay}, {@code max_attempts} and {@code window} (durations in nanoseconds).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RestartPolicy(
        String condition, Long delay, @JsonProperty("max_attempts") Long maxAttempts, Long window) {
    public static final String NONE = "none";
    public static final String ON_FAILURE = "on-failure";
    public static final String ANY = "any";

    public RestartPolicy {
        condition = Values.string(condition);
    }
}
