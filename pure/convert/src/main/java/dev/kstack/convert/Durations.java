package dev.kstack.convert;

/** Nanosecond durations of the wire format as the whole seconds Kubernetes wants. */
final class Durations {
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Durations() {
    }

    /** The duration rounded up to whole seconds, at least {@code min}; {@code fallback} when absent. */
    static int seconds(Long nanos, int fallback, int min) {
        if (nanos == null) {
            return fallback;
        }
        long s = (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
        return (int) Math.max(min, Math.min(Integer.MAX_VALUE, s));
    }
}
