package dev.kstack.controller;

import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Informers on the kinds a stack owns and on its pods, limited to objects carrying the stack label and indexed by
 * {@code namespace/stack}; every change to one of them asks for a reconcile of its stack. Also the names this
 * controller is creating ({@link #claim}) until the informers have seen those objects.
 */
final class ChildCache implements AutoCloseable {
    static final List<Class<? extends HasMetadata>> OWNED_KINDS = List.of(Service.class, Deployment.class,
            StatefulSet.class, DaemonSet.class, Ingress.class, NetworkPolicy.class);
    private static final String BY_STACK = "stack";

    private static final int CLAIM_MINUTES = 2;
    private static final Duration CLAIM_LIFETIME = Duration.ofMinutes(CLAIM_MINUTES);

    /** A name claimed for the stack {@code stack} (uid {@code uid}) at {@code nanos} ({@link System#nanoTime}). */
    record Claim(String stack, String uid, long nanos) {
    }

    private final List<SharedIndexInformer<? extends HasMetadata>> owned = new ArrayList<>();
    private final SharedIndexInformer<Pod> pods;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();

    ChildCache(KubernetesClient client, Duration resync, Consumer<StackKey> onChange) {
        Consumer<HasMetadata> seen = o -> {
            claims.remove(claimKey(o.getMetadata().getNamespace(), o.getKind(), o.getMetadata().getName()));
            onChange.accept(stackOf(o));
        };
        for (Class<? extends HasMetadata> kind : OWNED_KINDS) {
            owned.add(informer(client, kind, resync, seen));
        }
        pods = informer(client, Pod.class, resync, o -> onChange.accept(stackOf(o)));
    }

    private static <T extends HasMetadata> SharedIndexInformer<T> informer(KubernetesClient client, Class<T> kind,
            Duration resync, Consumer<HasMetadata> onChange) {
        SharedIndexInformer<T> informer = client.resources(kind).inAnyNamespace().withLabel(StackLabels.STACK)
                .runnableInformer(resync.toMillis());
        informer.addIndexers(Map.of(BY_STACK, o -> List.of(indexKey(o))));
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.accept(obj);
            }
        });
        return informer;
    }

    /** Starts every informer; completes when all have listed once. */
    CompletableFuture<Void> start() {
        List<CompletableFuture<?>> started = new ArrayList<>();
        owned.forEach(i -> started.add(i.start().toCompletableFuture()));
        started.add(pods.start().toCompletableFuture());
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    boolean synced() {
        return pods.hasSynced() && owned.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The stack's live children of every owned kind (by label; ownership is checked by the caller). */
    List<HasMetadata> children(StackKey stack) {
        List<HasMetadata> out = new ArrayList<>();
        owned.forEach(i -> out.addAll(i.getIndexer().byIndex(BY_STACK, stack.toString())));
        return out;
    }

    List<Pod> pods(StackKey stack) {
        return pods.getIndexer().byIndex(BY_STACK, stack.toString());
    }

    /** The cached child of this kind and name in the namespace, whatever stack label it carries. */
    HasMetadata cached(String namespace, ChildKey key) {
        for (SharedIndexInformer<? extends HasMetadata> i : owned) {
            HasMetadata o = i.getStore().getByKey(namespace + "/" + key.name());
            if (o != null && o.getKind().equals(key.kind())) {
                return o;
            }
        }
        return null;
    }

    /**
     * Records that the stack {@code stack} is creating the child {@code key}, so that another stack asking for the
     * name before the informers have the object sees it taken. The claim ends when an informer sees the object, when
     * {@link #unclaim} is called, or after {@value #CLAIM_MINUTES} minutes.
     */
    void claim(String namespace, ChildKey key, String stack, String uid) {
        claims.put(claimKey(namespace, key.kind(), key.name()), new Claim(stack, uid, System.nanoTime()));
    }

    void unclaim(String namespace, ChildKey key) {
        claims.remove(claimKey(namespace, key.kind(), key.name()));
    }

    /** The live claim on the name, if any. */
    Optional<Claim> claimant(String namespace, ChildKey key) {
        String k = claimKey(namespace, key.kind(), key.name());
        Claim c = claims.get(k);
        if (c != null && System.nanoTime() - c.nanos() > CLAIM_LIFETIME.toNanos()) {
            claims.remove(k, c);
            return Optional.empty();
        }
        return Optional.ofNullable(c);
    }

    private static String claimKey(String namespace, String kind, String name) {
        return namespace + "/" + kind + "/" + name;
    }

    private static StackKey stackOf(HasMetadata o) {
        return new StackKey(o.getMetadata().getNamespace(), o.getMetadata().getLabels().get(StackLabels.STACK));
    }

    private static String indexKey(HasMetadata o) {
        return stackOf(o).toString();
    }

    @Override
    public void close() {
        owned.forEach(SharedIndexInformer::close);
        pods.close();
    }
}
