package dev.kstack.apiserver;

import dev.kstack.api.Stack;
import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.RotatingKeyManager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Compose API server in aggregation mode for a cluster that cannot run kstack images (the local control plane
 * of the tests, or {@code kstack apiserver --run-local}): starts etcd (Debian's binary) with its data in
 * {@code dataDir}, starts the server in this process on a free loopback port with a fresh serving certificate, and
 * registers the APIServices (through a Service of type ExternalName {@code localhost}, so that the aggregator calls
 * {@code https://localhost:<port>}); waits until all three are Available. {@link #close()} removes the
 * APIServices and stops the server and etcd (the data stays in {@code dataDir}).
 *
 * <pre>{@code
 * try (LocalComposeApi api = LocalComposeApi.start(adminClient, dir)) {
 *     // create Stacks in any version through kube-apiserver
 * }
 * }</pre>
 */
public final class LocalComposeApi implements AutoCloseable {
    public static final String NAMESPACE = "kstack-system";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final KubernetesClient client;
    private final EtcdProcess etcd;
    private final RotatingKeyManager tls;
    private final int port;
    private ComposeApiServer server;
    private final List<HasMetadata> registered;

    private LocalComposeApi(KubernetesClient client, EtcdProcess etcd, RotatingKeyManager tls, int port,
            ComposeApiServer server, List<HasMetadata> registered) {
        this.client = client;
        this.etcd = etcd;
        this.tls = tls;
        this.port = port;
        this.server = server;
        this.registered = registered;
    }

    /** Starts etcd and the server and registers the API; {@code client} needs cluster-admin rights. */
    public static LocalComposeApi start(KubernetesClient client, Path dataDir) {
        return start(client, dataDir, Duration.ofDays(3650));
    }

    /**
     * {@link #start(KubernetesClient, Path)} with serving certificates valid for {@code certificateLifetime}: the
     * server issues a new one from its CA (the APIServices' caBundle) once two thirds of the lifetime have passed.
     */
    public static LocalComposeApi start(KubernetesClient client, Path dataDir, Duration certificateLifetime) {
        EtcdProcess etcd = EtcdProcess.start(EtcdProcess.defaultBinary(), dataDir.resolve("etcd"));
        RotatingKeyManager tls = RotatingKeyManager.selfIssued(CertificateAuthority.generate(),
                ApiServiceManifests.servingHosts(NAMESPACE), certificateLifetime);
        int port = EtcdProcess.freePort();
        ComposeApiServer server;
        try {
            server = startServer(client, etcd, tls, port);
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
        List<HasMetadata> objects = ApiServiceManifests.render(
                ApiServiceManifests.Options.runLocal(NAMESPACE, port), tls.caBundle());
        LocalComposeApi api = new LocalComposeApi(client, etcd, tls, port, server, objects);
        try {
            for (HasMetadata object : objects) {
                apply(client, object);
            }
            api.awaitAvailable();
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        return api;
    }

    private static ComposeApiServer startServer(KubernetesClient client, EtcdProcess etcd, RotatingKeyManager tls,
            int port) {
        try {
            return ComposeApiServer.start(List.of(etcd.endpoint()), ComposeApiServer.DEFAULT_PREFIX,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), tls, client);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Compose API server: " + e.getMessage(), e);
        }
    }

    /**
     * Creates or replaces the object: server-side apply, except for APIServices, which kube-apiserver 1.20 cannot
     * apply (it has no field manager for the aggregator's own resources): those are replaced.
     */
    static void apply(KubernetesClient client, HasMetadata object) {
        ApiServiceRegistration.apply(client, object, "kstack-apiserver");
    }

    public int port() {
        return port;
    }

    /** The serving key: the certificate new connections get, and its CA. */
    public RotatingKeyManager keys() {
        return tls;
    }

    public EtcdProcess etcd() {
        return etcd;
    }

    public EtcdStore store() {
        return server.store();
    }

    /** Stops the API server and starts it again on the same port (what a crash and restart does). */
    public synchronized void restartServer() {
        restartServer(() -> { });
    }

    /** Stops the API server, runs {@code whileDown} (e.g. writes or a compaction in etcd), starts it again. */
    public synchronized void restartServer(Runnable whileDown) {
        server.close();
        whileDown.run();
        server = startServer(client, etcd, tls, port);
    }

    /** Waits until kube-apiserver reports every APIService of the group Available and serves the group. */
    public void awaitAvailable() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                last = unavailable();
                if (last.isEmpty()) {
                    return;
                }
            } catch (KubernetesClientException e) {
                // a connection that the restarted server, or kube-apiserver under load, closed: ask again
                last = "asking kube-apiserver failed: " + e.getMessage();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the APIServices", e);
            }
        }
        throw new IllegalStateException("the APIServices of " + Stack.GROUP + " did not become Available within "
                + READY_TIMEOUT + ": " + last);
    }

    /** "" when all are Available and served, else why not. */
    private String unavailable() {
        return ApiServiceRegistration.unavailable(client);
    }

    /** Unregisters the APIServices and stops the server and etcd. */
    @Override
    public void close() {
        try {
            ApiServiceRegistration.unregister(client);
        } catch (RuntimeException e) {
            // the cluster may be going away too
        } finally {
            try {
                server.close();
            } finally {
                etcd.close();
            }
        }
    }

    /** What was registered (the Service, RBAC and APIServices). */
    public List<HasMetadata> registered() {
        return registered;
    }
}
