package dev.kstack.convert;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Compose amounts as Kubernetes quantities: CPUs as millicores, memory in bytes. */
final class Quantities {
    private Quantities() {
    }

    /** "0.5" → 500m, "2" → 2000m; rounds up to a whole millicore. */
    static Quantity cpus(String cpus) {
        BigDecimal milli = new BigDecimal(cpus.trim()).movePointRight(3).setScale(0, RoundingMode.CEILING);
        return new Quantity(milli.toPlainString() + "m");
    }

    static Quantity bytes(long bytes) {
        return new Quantity(Long.toString(bytes));
    }

    static boolean isDecimal(String s) {
        try {
            return new BigDecimal(s.trim()).signum() >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
