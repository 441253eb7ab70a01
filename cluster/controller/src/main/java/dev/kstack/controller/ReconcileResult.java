package dev.kstack.controller;

import java.time.Duration;
import java.util.Optional;

/**
 * What one reconcile did: writes to children by outcome, whether the status was written, the phase reached, and
 * when to look again even without an event (empty: only on the next event or resync).
 */
public record ReconcileResult(int created, int updated, int deleted, int unchanged, boolean statusWritten,
        String phase, Optional<Duration> retryAfter) {
    public static ReconcileResult gone() {
        return new ReconcileResult(0, 0, 0, 0, false, "", Optional.empty());
    }

    public int writes() {
        return created + updated + deleted + (statusWritten ? 1 : 0);
    }
}
