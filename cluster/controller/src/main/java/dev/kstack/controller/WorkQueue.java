package dev.kstack.controller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A queue of keys to reconcile that never hands out a key while an earlier take of the same key is still being
 * processed, so one stack is never reconciled twice at once while different stacks go to different workers.
 * A key added while queued is not queued again; a key added while processing is queued once that processing is
 * {@link #done done}. Delayed adds belong to the caller's scheduler; this class only orders the keys.
 *
 * <p>Two lanes: keys {@link #add added} (a Stack was written) are handed out before keys
 * {@link #addBackground added in the background} (a child or pod changed, a retry), so that after many stacks are
 * written at once their children are created before the status of the first ones is brought up to date. A key in
 * both lanes is queued once, in the first.
 */
public final class WorkQueue<K> {
    private final Deque<K> first = new ArrayDeque<>();
    private final Deque<K> background = new ArrayDeque<>();
    /** Queued keys: true when in the first lane. */
    private final Map<K, Boolean> queued = new HashMap<>();
    /** Keys being processed; true when added (first lane) meanwhile, false when added in the background. */
    private final Map<K, Boolean> processing = new HashMap<>();
    private final Map<K, Boolean> dirty = new HashMap<>();
    private boolean shutDown;

    /** Asks for a reconcile of {@code key}, ahead of the background lane. */
    public synchronized void add(K key) {
        enqueue(key, true);
    }

    /** Asks for a reconcile of {@code key} once the keys {@link #add added} in the first lane have been handed out. */
    public synchronized void addBackground(K key) {
        enqueue(key, false);
    }

    private void enqueue(K key, boolean urgent) {
        if (shutDown) {
            return;
        }
        if (processing.containsKey(key)) {
            dirty.merge(key, urgent, Boolean::logicalOr);
            return;
        }
        Boolean lane = queued.get(key);
        if (lane == null) {
            queued.put(key, urgent);
            (urgent ? first : background).addLast(key);
            notifyAll();
        } else if (urgent && !lane) {
            background.remove(key);
            first.addLast(key);
            queued.put(key, true);
        }
    }

    /**
     * The next key to process, waiting up to {@code timeout}; empty when none came or the queue is shut down.
     * The caller must call {@link #done} with the key when it has finished.
     */
    public synchronized Optional<K> take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (first.isEmpty() && background.isEmpty() && !shutDown) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (shutDown) {
            return Optional.empty();
        }
        K key = first.isEmpty() ? background.removeFirst() : first.removeFirst();
        queued.remove(key);
        processing.put(key, false);
        return Optional.of(key);
    }

    /** Marks the processing of {@code key} finished; if it was added meanwhile, it is queued again in its lane. */
    public synchronized void done(K key) {
        processing.remove(key);
        Boolean urgent = dirty.remove(key);
        if (urgent != null) {
            enqueue(key, urgent);
        }
    }

    /** Keys waiting (not counting those being processed). */
    public synchronized int depth() {
        return queued.size();
    }

    /** Keys being processed right now. */
    public synchronized int inProgress() {
        return processing.size();
    }

    /** Stops handing out keys; waiting takers return empty. */
    public synchronized void shutDown() {
        shutDown = true;
        notifyAll();
    }
}
