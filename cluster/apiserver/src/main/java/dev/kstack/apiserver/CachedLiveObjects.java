package dev.kstack.apiserver;

import dev.kstack.server.CollisionCheck;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collision check's lookups ({@link CollisionCheck.LiveObjects}) answered from informer caches for the kinds
 * every stack creates (Deployments, StatefulSets, DaemonSets, Services: one list and one watch per kind for the whole
 * cluster, instead of one GET through kube-apiserver per child object on every write). Other kinds, and every kind
 * until its cache has synced, are read with a GET. The cache may lag the cluster by a watch event: the check is
 * advisory (the controller refuses to take over an object of another stack when it creates it).
 */
final class CachedLiveObjects implements CollisionCheck.LiveObjects, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CachedLiveObjects.class);
    private static final List<Class<? extends HasMetadata>> CACHED = List.of(Deployment.class, StatefulSet.class,
            DaemonSet.class, Service.class);

    private final KubernetesClient client;
    private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();

    CachedLiveObjects(KubernetesClient client) {
        this.client = client;
        for (Class<? extends HasMetadata> kind : CACHED) {
            try {
                SharedIndexInformer<? extends HasMetadata> informer = client.resources(kind).inAnyNamespace()
                        .runnableInformer(0);
                informer.start();
                informers.put(kind, informer);
            } catch (RuntimeException e) {
                LOG.warn("no cache of {} for the collision check (GETs instead): {}", kind.getSimpleName(),
                        e.toString());
            }
        }
    }

    @Override
    public Optional<ObjectMeta> find(String namespace, HasMetadata desired) {
        String name = desired.getMetadata().getName();
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(desired.getClass());
        if (informer != null && informer.hasSynced() && informer.isWatching()) {
            return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name))
                    .map(HasMetadata::getMetadata);
        }
        return Optional.ofNullable(client.resources(desired.getClass()).inNamespace(namespace).withName(name).get())
                .map(HasMetadata::getMetadata);
    }

    /** True once every cache has its initial list. */
    boolean synced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
