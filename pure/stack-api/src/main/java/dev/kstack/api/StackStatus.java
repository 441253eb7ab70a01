package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The status of a Stack: {@code {phase, message}}. Both are {@code ""} when absent. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StackStatus(String phase, String message) {
    public static final String RECONCILIATION_PENDING = "ReconciliationPending";
    public static final String PROGRESSING = "Progressing";
    public static final String AVAILABLE = "Available";
    public static final String FAILURE = "Failure";

    public StackStatus {
        phase = Values.string(phase);
        message = Values.string(message);
    }

    public static StackStatus pending() {
        return new StackStatus(RECONCILIATION_PENDING, "Stack is waiting for reconciliation");
    }
}
