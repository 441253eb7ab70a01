package dev.kstack.apiserver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small map whose entries expire; the oldest entries go first when it is full. */
final class TtlCache<K, V> {
    private record Timed<V>(V value, long expiresAtNanos) {
    }

    private final Map<K, Timed<V>> entries;

    TtlCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Timed<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        Timed<V> timed = entries.get(key);
        if (timed == null) {
            return null;
        }
        if (System.nanoTime() - timed.expiresAtNanos() > 0) {
            entries.remove(key);
            return null;
        }
        return timed.value();
    }

    synchronized void put(K key, V value, Duration ttl) {
        entries.put(key, new Timed<>(value, System.nanoTime() + ttl.toNanos()));
    }
}
