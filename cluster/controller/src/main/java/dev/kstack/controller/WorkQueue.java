package dev.kstack.controller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A queue of keys to reconcile that never hands out a key while an earlier take of the same key is still being
 * processed, so one stack is never reconciled twice at once while different stacks go to different workers.
 * A key added while queued is not queued again; a key added while processing is queued once that processing is
 * {@link #done done}. Delayed adds belong to the caller's scheduler; this class only orders the keys.
 */
public final class WorkQueue<K> {
    private final Deque<K> queue = new ArrayDeque<>();
    private final Set<K> queued = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private boolean shutDown;

    /** Asks for a reconcile of {@code key}. */
    public synchronized void add(K key) {
        if (shutDown) {
            return;
        }
        if (processing.contains(key)) {
            dirty.add(key);
            return;
        }
        if (queued.add(key)) {
            queue.addLast(key);
            notifyAll();
        }
    }

    /**
     * The next key to process, waiting up to {@code timeout}; empty when none came or the queue is shut down.
     * The caller must call {@link #done} with the key when it has finished.
     */
    public synchronized Optional<K> take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (queue.isEmpty() && !shutDown) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (shutDown) {
            return Optional.empty();
        }
        K key = queue.removeFirst();
        queued.remove(key);
        processing.add(key);
        return Optional.of(key);
    }

    /** Marks the processing of {@code key} finished; if it was added meanwhile, it is queued again. */
    public synchronized void done(K key) {
        processing.remove(key);
        if (dirty.remove(key)) {
            add(key);
        }
    }

    /** Keys waiting (not counting those being processed). */
    public synchronized int depth() {
        return queue.size();
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
