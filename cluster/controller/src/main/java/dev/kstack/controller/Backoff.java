package dev.kstack.controller;

import java.time.Duration;

/** Exponential retry delays: {@code base}, then doubling per failure, capped at {@code max}. */
public record Backoff(Duration base, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofMinutes(2));

    /** The delay before retry number {@code failures} (1 for the first failure). */
    public Duration delay(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
