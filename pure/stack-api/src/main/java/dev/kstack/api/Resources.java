package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code deploy.resources}: limits and reservations, each null when absent. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Resources(Resource limits, Resource reservations) {
    public static final Resources EMPTY = new Resources(null, null);
}
