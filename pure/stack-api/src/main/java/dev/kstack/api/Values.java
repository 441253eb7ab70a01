package dev.kstack.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normalisation helpers for the wire records: absent collections become empty, absent strings empty. */
public final class Values {
    private Values() {
    }

    /** An immutable copy of the list, or the empty list for {@code null}. */
    public static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * An immutable copy of the map that keeps the order of its keys and allows null values
     * (compose environment variables without a value), or the empty map for {@code null}.
     */
    public static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The string, or {@code ""} for {@code null}: the wire omits empty strings, as Go's {@code omitempty} does. */
    public static String string(String s) {
        return s == null ? "" : s;
    }
}
