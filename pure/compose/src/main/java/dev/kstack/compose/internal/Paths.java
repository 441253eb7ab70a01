package dev.kstack.compose.internal;

/** Builds document paths for diagnostics: {@code services.web.ports[0]}. */
public final class Paths {
    private Paths() {
    }

    public static String child(String parent, String key) {
        String k = key.isEmpty() || key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')
                ? key : "\"" + key + "\"";
        return parent.isEmpty() ? k : parent + "." + k;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
