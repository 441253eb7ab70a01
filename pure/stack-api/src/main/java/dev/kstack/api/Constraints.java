package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Placement constraints. The wire names are capitalised ({@code OperatingSystem, Architecture, Hostname,
 * MatchLabels}): the original declared them without JSON tags.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Constraints(
        @JsonProperty("OperatingSystem") Constraint operatingSystem,
        @JsonProperty("Architecture") Constraint architecture,
        @JsonProperty("Hostname") Constraint hostname,
        @JsonProperty("MatchLabels") Map<String, Constraint> matchLabels) {
    public Constraints {
        matchLabels = Values.map(matchLabels);
    }

    /** One constraint: {@code {Value, Operator}} with the operator {@code ==} or {@code !=}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Constraint(@JsonProperty("Value") String value, @JsonProperty("Operator") String operator) {
        public static final String EQUAL = "==";
        public static final String NOT_EQUAL = "!=";

        public Constraint {
            value = Values.string(value);
            operator = Values.string(operator);
        }
    }
}
