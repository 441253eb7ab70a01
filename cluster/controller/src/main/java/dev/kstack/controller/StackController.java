package dev.kstack.controller;

import dev.kstack.api.StackStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-driven loop: informers on Stacks and on their children feed a {@link WorkQueue}; {@code workers}
 * threads take stacks from it and run {@link StackReconciler}; failures are retried with {@link Backoff}; the
 * informers' resync replays everything periodically. A change to a Stack is queued at once, in the queue's first
 * lane; changes to its children and pods are queued after {@link ControllerOptions#childEventDelay}, in the
 * background lane, so that the burst of events a rollout makes (its own creates, then each pod scheduled, started,
 * ready) costs one reconcile and one status write, not one each, and waits while other stacks have been written.
 * Retries go to the background lane too.
 */
public final class StackController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StackController.class);
    /** Concurrent child writes per worker: a wordsmith-sized stack writes its children in one round. */
    private static final int WRITES_PER_WORKER = 8;

    private final ControllerOptions options;
    private final ControllerMetrics metrics;
    private final WorkQueue<StackKey> queue = new WorkQueue<>();
    private final Map<StackKey, Integer> failures = new ConcurrentHashMap<>();
    private final SharedIndexInformer<GenericKubernetesResource> stacks;
    private final ChildCache children;
    private final StackReconciler reconciler;
    private final ExecutorService workers;
    private final ExecutorService writes;
    private final Set<StackKey> childEvents = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "kstack-retry"));
    private volatile boolean stopping;

    public StackController(KubernetesClient client, ControllerOptions options, ControllerMetrics metrics) {
        this.options = options;
        this.metrics = metrics;
        this.stacks = client.genericKubernetesResources(StackResources.CONTEXT).inAnyNamespace()
                .runnableInformer(options.resync().toMillis());
        this.stacks.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                queue.add(keyOf(obj));
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                if (sameDesire(oldObj, newObj)) {
                    queue.addBackground(keyOf(newObj)); // a status write (often ours) or a resync
                } else {
                    queue.add(keyOf(newObj));
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                failures.remove(keyOf(obj));
            }
        });
        this.children = new ChildCache(client, options.resync(), this::childChanged);
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> daemon(r, "kstack-reconcile"));
        this.writes = Executors.newFixedThreadPool(WRITES_PER_WORKER * options.workers(), r -> daemon(r, "kstack-write"));
        this.reconciler = new StackReconciler(this::cachedStack, children, new ChildWriter(client), client, metrics,
                writes);
        metrics.bind(queue::depth, this::stacksByPhase);
    }

    /** Starts the informers and, once they have listed, the workers. */
    public void start() {
        children.start().join();
        stacks.start().toCompletableFuture().join();
        for (int i = 0; i < options.workers(); i++) {
            workers.submit(this::work);
        }
        LOG.info("controller started: {} workers, resync every {} s", options.workers(), options.resync().toSeconds());
    }

    /** The caches have listed everything once. */
    public boolean synced() {
        return stacks.hasSynced() && children.synced();
    }

    private void work() {
        while (!stopping) {
            try {
                queue.take(1, TimeUnit.SECONDS).ifPresent(this::process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void process(StackKey key) {
        long start = System.nanoTime();
        try (StackLog log = StackLog.open(LOG, key)) {
            try {
                ReconcileResult r = reconciler.reconcile(key, log);
                failures.remove(key);
                metrics.reconciled(Duration.ofNanos(System.nanoTime() - start), true);
                log.debug("reconciled: {} created, {} updated, {} deleted, {} unchanged, status written: {}",
                        r.created(), r.updated(), r.deleted(), r.unchanged(), r.statusWritten());
                r.retryAfter().ifPresent(d -> later(key, d));
            } catch (RuntimeException e) {
                int n = failures.merge(key, 1, Integer::sum);
                Duration delay = options.backoff().delay(n);
                metrics.reconciled(Duration.ofNanos(System.nanoTime() - start), false);
                if (e instanceof KubernetesClientException k && k.getCode() == 409) {
                    log.info("stale cache (409 conflict), retrying in {} ms", delay.toMillis());
                } else {
                    log.warn("reconcile failed (attempt {}), retrying in {} ms: {}", n, delay.toMillis(), e.toString());
                }
                later(key, delay);
            } finally {
                queue.done(key);
            }
        }
    }

    /** A child or pod of {@code key} changed: one reconcile after the delay covers every change until then. */
    private void childChanged(StackKey key) {
        if (stopping || !childEvents.add(key)) {
            return;
        }
        delays.schedule(() -> {
            childEvents.remove(key);
            queue.addBackground(key);
        }, options.childEventDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void later(StackKey key, Duration delay) {
        if (!stopping) {
            delays.schedule(() -> queue.addBackground(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private GenericKubernetesResource cachedStack(StackKey key) {
        return stacks.getStore().getByKey(key.toString());
    }

    private Map<String, Long> stacksByPhase() {
        return stacks.getStore().list().stream().map(StackResources::toStack)
                .map(s -> s.status() == null || s.status().phase().isEmpty()
                        ? StackStatus.RECONCILIATION_PENDING : s.status().phase())
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
    }

    /** Same generation (spec) and annotations (author, content digests): nothing that changes the children. */
    private static boolean sameDesire(GenericKubernetesResource a, GenericKubernetesResource b) {
        return Objects.equals(a.getMetadata().getGeneration(), b.getMetadata().getGeneration())
                && Objects.equals(a.getMetadata().getAnnotations(), b.getMetadata().getAnnotations())
                && Objects.equals(a.getMetadata().getDeletionTimestamp(), b.getMetadata().getDeletionTimestamp());
    }

    private static StackKey keyOf(GenericKubernetesResource r) {
        return new StackKey(r.getMetadata().getNamespace(), r.getMetadata().getName());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Graceful stop: no new reconciles, running ones finish (up to the grace period), informers close. */
    @Override
    public void close() {
        stopping = true;
        queue.shutDown();
        delays.shutdownNow();
        workers.shutdown();
        writes.shutdown();
        try {
            if (!workers.awaitTermination(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("reconciles still running after {} s; stopping them", options.shutdownGrace().toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        writes.shutdownNow();
        stacks.close();
        children.close();
        LOG.info("controller stopped");
    }
}
