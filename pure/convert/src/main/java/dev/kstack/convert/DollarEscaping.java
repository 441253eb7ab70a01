package dev.kstack.convert;

import java.util.List;

/**
 * Kubernetes expands {@code $(VAR)} in command, args and env values, and turns {@code $$} into {@code $}.
 * Compose has already done its own interpolation, so what remains must reach the container literally:
 * every {@code $} is doubled.
 */
final class DollarEscaping {
    private DollarEscaping() {
    }

    static String escape(String s) {
        return s.indexOf('$') < 0 ? s : s.replace("$", "$$");
    }

    static List<String> escape(List<String> list) {
        return list.stream().map(DollarEscaping::escape).toList();
    }
}
