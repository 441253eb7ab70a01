package dev.kstack.compose.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A mapping with string keys, in document order; each entry keeps the position of its key. */
public record YMap(Map<String, Entry> entries, Mark mark, YTag tag) implements YNode {

    /** One key and its value. */
    public record Entry(YScalar key, YNode value) {
    }

    public YMap {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static YMap empty(Mark mark) {
        return new YMap(Map.of(), mark, YTag.NONE);
    }

    public Optional<YNode> get(String key) {
        Entry e = entries.get(key);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** A copy with {@code key} set to {@code value} (the key keeps its position if it existed). */
    public YMap with(String key, YNode value) {
        LinkedHashMap<String, Entry> copy = new LinkedHashMap<>(entries);
        Entry old = copy.get(key);
        copy.put(key, new Entry(old != null ? old.key() : YScalar.string(key, value.mark()), value));
        return new YMap(copy, mark, tag);
    }

    /** A copy with every value replaced by {@code f(key, value)}, built in one pass. */
    public YMap mapValues(java.util.function.BiFunction<String, YNode, YNode> f) {
        LinkedHashMap<String, Entry> copy = new LinkedHashMap<>();
        entries.forEach((k, e) -> copy.put(k, new Entry(e.key(), f.apply(k, e.value()))));
        return new YMap(copy, mark, tag);
    }

    /** A copy without {@code key}. */
    public YMap without(String key) {
        if (!entries.containsKey(key)) {
            return this;
        }
        LinkedHashMap<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.remove(key);
        return new YMap(copy, mark, tag);
    }

    @Override
    public YMap withTag(YTag newTag) {
        return new YMap(entries, mark, newTag);
    }

    @Override
    public String describe() {
        return "a mapping";
    }
}
