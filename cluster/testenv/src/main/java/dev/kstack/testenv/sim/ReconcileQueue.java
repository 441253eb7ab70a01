package dev.kstack.testenv.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciles of keys one at a time on a single thread. A key enqueued several times before it runs is
 * reconciled once; each key has at most one pending timed reconcile (the earliest asked for).
 */
final class ReconcileQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final ScheduledExecutorService executor;
    private final Consumer<String> reconcile;
    private final Clock clock;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Timed> timed = new ConcurrentHashMap<>();

    private record Timed(Instant at, ScheduledFuture<?> future) {
    }

    ReconcileQueue(String name, Consumer<String> reconcile, Clock clock) {
        this.reconcile = reconcile;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    void enqueue(String key) {
        if (queued.add(key)) {
            submit(() -> run(key));
        }
    }

    /** Reconciles the key again at {@code at}, unless a timed reconcile at or before that is already pending. */
    void enqueueAt(String key, Instant at) {
        timed.compute(key, (k, existing) -> {
            if (existing != null && !existing.future().isDone() && !existing.at().isAfter(at)) {
                return existing;
            }
            if (existing != null) {
                existing.future().cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            return new Timed(at, executor.schedule(() -> {
                timed.remove(k);
                enqueue(k);
            }, delay, TimeUnit.MILLISECONDS));
        });
    }

    /** Runs an arbitrary task on the queue's thread (so it never races a reconcile). */
    void submit(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(task);
        }
    }

    private void run(String key) {
        queued.remove(key);
        try {
            reconcile.accept(key);
        } catch (RuntimeException e) {
            if (executor.isShutdown()) {
                return;
            }
            LOG.warn("reconcile of {} failed, retrying in {}s: {}", key, RETRY_DELAY.toSeconds(), e.toString());
            enqueueAt(key, clock.instant().plus(RETRY_DELAY));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
