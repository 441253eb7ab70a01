package dev.kstack.apiserver;

import dev.kstack.server.CollisionCheck;
import dev.kstack.server.RotatingKeyManager;
import dev.kstack.server.ServingCertificates;
import dev.kstack.server.StackAdmission;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The Compose API server assembled: etcd storage, the Stack registry (with CRD mode's admission), authentication
 * from the cluster's {@code extension-apiserver-authentication} ConfigMap, SubjectAccessReview authorization and
 * the HTTPS front. {@code client} is the server's own identity towards kube-apiserver.
 */
public final class ComposeApiServer implements AutoCloseable {
    public static final String DEFAULT_PREFIX = "/kstack/stacks";

    private final EtcdStore store;
    private final CachedLiveObjects liveObjects;
    private final ApiServer server;

    private ComposeApiServer(EtcdStore store, CachedLiveObjects liveObjects, ApiServer server) {
        this.store = store;
        this.liveObjects = liveObjects;
        this.server = server;
    }

    /** Starts the server with a certificate it never replaces; etcd must be reachable at {@code etcdEndpoints}. */
    public static ComposeApiServer start(List<String> etcdEndpoints, String prefix, InetSocketAddress address,
            ServingCertificates tls, KubernetesClient client) throws IOException {
        return start(etcdEndpoints, prefix, address, RotatingKeyManager.fixed(tls), client);
    }

    /**
     * Starts the server; etcd must be reachable at {@code etcdEndpoints}. New connections get the certificate
     * {@code keys} serves at that moment ({@link RotatingKeyManager#watching} follows renewed files).
     */
    public static ComposeApiServer start(List<String> etcdEndpoints, String prefix, InetSocketAddress address,
            RotatingKeyManager keys, KubernetesClient client) throws IOException {
        EtcdStore store = new EtcdStore(etcdEndpoints, prefix);
        CachedLiveObjects liveObjects = new CachedLiveObjects(client);
        try {
            StackRegistry registry = new StackRegistry(store, new StackAdmission(new CollisionCheck(liveObjects)));
            ClientCertificates clients = ClientCertificates.fromCluster(client);
            ApiServer server = ApiServer.start(address, keys, clients, registry, new Authenticator(clients, client),
                    new Authorizer(client), new Subresources(registry, new PodLogs(client)));
            return new ComposeApiServer(store, liveObjects, server);
        } catch (IOException | RuntimeException e) {
            liveObjects.close();
            store.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public EtcdStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            liveObjects.close();
            store.close();
        }
    }
}
