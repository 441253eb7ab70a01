package dev.kstack.compose.internal;

/** Builds document paths for diagnostics: {@code services.web.ports[0]}. */
public final class Paths {
    private Paths() {
    }

    public static String child(String parent, String key) {
        String k = plain(key) ? key : "\"" + key + "\"";
        return parent.isEmpty() ? k : parent + "." + k;
    }

    private static boolean plain(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
