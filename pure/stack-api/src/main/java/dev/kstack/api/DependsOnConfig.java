package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * kstack: one entry of {@code depends_on}: the condition ({@code service_started}, {@code service_healthy},
 * {@code service_completed_successfully}), whether it is required, and whether the dependent restarts with it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DependsOnConfig(
        String condition,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean restart,
        Boolean required) {
    public static final String STARTED = "service_started";
    public static final String HEALTHY = "service_healthy";
    public static final String COMPLETED = "service_completed_successfully";

    public DependsOnConfig {
        condition = Values.string(condition);
    }

    public static DependsOnConfig of(String condition) {
        return new DependsOnConfig(condition, false, null);
    }

    /** The condition, with the compose default {@code service_started} when absent. */
    public String effectiveCondition() {
        return condition.isEmpty() ? STARTED : condition;
    }

    /** Whether the dependency must exist (compose default: true). */
    public boolean mustExist() {
        return required == null || required;
    }
}
