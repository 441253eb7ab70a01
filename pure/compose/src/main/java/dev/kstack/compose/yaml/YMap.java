package dev.kstack.compose.yaml;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/** A mapping with string keys, in document order; each entry keeps the position of its key. */
public record YMap(Map<String, Entry> entries, Mark mark, YTag tag) implements YNode {

    /** One key and its value. */
    public record Entry(YScalar key, YNode value) {
    }

    public YMap {
        entries = entries instanceof Frozen ? entries : new Frozen(new LinkedHashMap<>(entries));
    }

    /**
     * A mapping over {@code fresh} without copying it: the caller hands the map over and must not change it
     * afterwards (every stage builds many mappings; copying each one again doubled the loader's allocation).
     */
    public static YMap owning(LinkedHashMap<String, Entry> fresh, Mark mark, YTag tag) {
        return new YMap(new Frozen(fresh), mark, tag);
    }

    /** The read-only entries of a mapping; only YMap creates them, so they need no further copy. */
    private static final class Frozen extends AbstractMap<String, YMap.Entry> {
        static final Frozen EMPTY = new Frozen(new LinkedHashMap<>());

        private final Map<String, YMap.Entry> view;

        Frozen(LinkedHashMap<String, YMap.Entry> owned) {
            this.view = Collections.unmodifiableMap(owned);
        }

        @Override
        public YMap.Entry get(Object key) {
            return view.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return view.containsKey(key);
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean isEmpty() {
            return view.isEmpty();
        }

        @Override
        public Set<String> keySet() {
            return view.keySet();
        }

        @Override
        public Collection<YMap.Entry> values() {
            return view.values();
        }

        @Override
        public Set<Map.Entry<String, YMap.Entry>> entrySet() {
            return view.entrySet();
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super YMap.Entry> action) {
            view.forEach(action);
        }
    }

    public static YMap empty(Mark mark) {
        return new YMap(Frozen.EMPTY, mark, YTag.NONE);
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
        return owning(copy, mark, tag);
    }

    /** A copy with every value replaced by {@code f(key, value)}, built in one pass. */
    public YMap mapValues(java.util.function.BiFunction<String, YNode, YNode> f) {
        LinkedHashMap<String, Entry> copy = new LinkedHashMap<>();
        entries.forEach((k, e) -> copy.put(k, new Entry(e.key(), f.apply(k, e.value()))));
        return owning(copy, mark, tag);
    }

    /** A copy without {@code key}. */
    public YMap without(String key) {
        if (!entries.containsKey(key)) {
            return this;
        }
        LinkedHashMap<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.remove(key);
        return owning(copy, mark, tag);
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
