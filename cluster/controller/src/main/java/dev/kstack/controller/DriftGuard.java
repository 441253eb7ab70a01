package dev.kstack.controller;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a drifted child is repaired, so that something in the cluster that rewrites a field right after each
 * repair (a mutating webhook, a defaulting kstack's comparison does not know) costs a bounded number of writes, not a
 * write on every event and resync:
 * <ul>
 * <li>a child whose cached object is still the one a repair was decided on ({@code resourceVersion}) is not written
 *     again: the cache has not yet seen the repair, or the repair changed nothing (the server wrote the same object);
 * <li>a child found drifted again after {@value #MAX_REPAIRS} repairs in a row (no clean look between them) within one
 *     generation of its stack is left as it is until the stack's generation changes ({@link Decision#GIVE_UP}, once;
 *     then {@link Decision#GIVEN_UP}). A clean look after a repair starts the count again, so a person who edits a
 *     child now and then always gets it restored.
 * </ul>
 * One reconcile of a stack runs at a time ({@link WorkQueue}); different stacks may call this concurrently.
 */
final class DriftGuard {
    static final int MAX_REPAIRS = 3;

    enum Decision {
        /** Write the desired object. */
        REPAIR,
        /** The cache still holds the object the last repair was decided on: nothing to do now. */
        STALE,
        /** Drifted again right after each of the last repairs: give up until the stack changes (log this once). */
        GIVE_UP,
        /** Given up earlier in this generation. */
        GIVEN_UP
    }

    /** Repairs in a row of one child within one generation, and the resourceVersion the last one was decided on. */
    private record Entry(long generation, int streak, String repairedVersion, boolean gaveUp) {
    }

    private final Map<StackKey, Map<ChildKey, Entry>> entries = new ConcurrentHashMap<>();

    /** What to do with a drifted child of {@code stack} (at {@code generation}) whose live object has {@code liveVersion}. */
    Decision decide(StackKey stack, long generation, ChildKey child, String liveVersion) {
        Map<ChildKey, Entry> children = entries.get(stack);
        Entry e = children == null ? null : children.get(child);
        if (e == null || e.generation() != generation) {
            return Decision.REPAIR;
        }
        if (e.gaveUp()) {
            return Decision.GIVEN_UP;
        }
        if (Objects.equals(e.repairedVersion(), liveVersion)) {
            return Decision.STALE;
        }
        if (e.streak() >= MAX_REPAIRS) {
            children.put(child, new Entry(generation, e.streak(), e.repairedVersion(), true));
            return Decision.GIVE_UP;
        }
        return Decision.REPAIR;
    }

    /** The drifted child, whose live object had {@code liveVersion}, was written back. */
    void repaired(StackKey stack, long generation, ChildKey child, String liveVersion) {
        Map<ChildKey, Entry> children = entries.computeIfAbsent(stack, k -> new ConcurrentHashMap<>());
        Entry e = children.get(child);
        int streak = e == null || e.generation() != generation ? 1 : e.streak() + 1;
        children.put(child, new Entry(generation, streak, liveVersion, false));
    }

    /** The child compared equal to what kstack writes: a later drift starts a new count. */
    void clean(StackKey stack, ChildKey child) {
        Map<ChildKey, Entry> children = entries.get(stack);
        if (children != null) {
            children.remove(child);
        }
    }

    /** The stack is gone: forget its children. */
    void forget(StackKey stack) {
        entries.remove(stack);
    }
}
