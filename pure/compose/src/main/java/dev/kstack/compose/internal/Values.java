package dev.kstack.compose.internal;

import java.util.Locale;
import java.util.Optional;

/** Reading scalar text as compose does after interpolation (numbers and booleans may arrive as strings). */
public final class Values {
    private Values() {
    }

    /** Decimal, {@code 0o17} and {@code 0x1f}; a leading zero means octal, as file modes ({@code 0440}) expect. */
    public static Optional<Long> parseInteger(String text) {
        String s = text.trim().replace("_", "");
        try {
            boolean negative = s.startsWith("-");
            String digits = negative || s.startsWith("+") ? s.substring(1) : s;
            long value;
            if (digits.startsWith("0o") || digits.startsWith("0O")) {
                value = Long.parseLong(digits.substring(2), 8);
            } else if (digits.startsWith("0x") || digits.startsWith("0X")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (digits.length() > 1 && digits.startsWith("0")) {
                value = Long.parseLong(digits.substring(1), 8);
            } else {
                value = Long.parseLong(digits);
            }
            return Optional.of(negative ? -value : value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Boolean> parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on" -> Optional.of(Boolean.TRUE);
            case "false", "no", "n", "off" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    /** {@code 0.5}, {@code 2} (not {@code 2.0}), so that written values read back the same. */
    public static String formatDouble(double d) {
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** Levenshtein distance, for "did you mean" suggestions. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
