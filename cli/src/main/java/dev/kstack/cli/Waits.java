package dev.kstack.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polling until a condition holds or a deadline passes. */
final class Waits {
    static final Duration POLL = Duration.ofMillis(500);

    private Waits() {
    }

    /** True when {@code condition} held before {@code timeout} passed (a zero timeout waits forever). */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        Instant deadline = timeout.isZero() ? Instant.MAX : Instant.now().plus(timeout);
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(POLL);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "interrupted");
        }
    }
}
