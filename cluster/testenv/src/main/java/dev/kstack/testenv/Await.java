package dev.kstack.testenv;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polling until a condition holds, for tests against a live cluster (never a fixed sleep, never a timing assertion). */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} every 100 ms; fails with {@code what} when it does not hold within {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            LocalCluster.sleep(Duration.ofMillis(100));
        }
        AssertionError e = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
        if (last != null) {
            e.initCause(last);
        }
        throw e;
    }
}
