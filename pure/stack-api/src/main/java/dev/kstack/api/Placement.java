package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code deploy.placement}: constraints (null when absent) and kstack's spread preferences. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Placement(Constraints constraints, List<PlacementPreference> preferences) {
    public static final Placement EMPTY = new Placement(null, null);

    public Placement {
        preferences = Values.list(preferences);
    }

    /** A spread preference: {@code {spread: "node.labels.zone"}}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record PlacementPreference(String spread) {
        public PlacementPreference {
            spread = Values.string(spread);
        }
    }
}
