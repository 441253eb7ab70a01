package dev.kstack.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The Stack API in CRD mode for a cluster that cannot run kstack images (the local control plane of the tests, or
 * {@code kstack install --run-local}): starts the kstack server in this process on a free loopback port with a
 * certificate signed by a fresh CA, registers the CRD and the webhook configurations with
 * {@code url: https://127.0.0.1:<port>/...}, and waits until the API serves all three versions. {@link #close()}
 * removes what it registered and stops the server.
 *
 * <pre>{@code
 * try (LocalStackApi api = LocalStackApi.start(adminClient)) {
 *     // create Stacks in any version
 * }
 * }</pre>
 */
public final class LocalStackApi implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final WebhookServer server;
    private final RotatingKeyManager keys;
    private final List<HasMetadata> registered;

    private LocalStackApi(KubernetesClient client, WebhookServer server, RotatingKeyManager keys,
            List<HasMetadata> registered) {
        this.client = client;
        this.server = server;
        this.keys = keys;
        this.registered = registered;
    }

    /**
     * Starts the server and registers the API. {@code client} needs rights to create CRDs and webhook configurations;
     * the server uses it for the collision check too.
     */
    public static LocalStackApi start(KubernetesClient client) {
        return start(client, ServingCertificates.VALIDITY);
    }

    /**
     * {@link #start(KubernetesClient)} with serving certificates valid for {@code certificateLifetime}: the server
     * issues a new one from its CA once two thirds of the lifetime have passed, for the connections opened after.
     */
    public static LocalStackApi start(KubernetesClient client, Duration certificateLifetime) {
        CertificateAuthority ca = CertificateAuthority.generate();
        RotatingKeyManager keys = RotatingKeyManager.selfIssued(ca, List.of("127.0.0.1", "localhost"),
                certificateLifetime);
        WebhookServer server;
        try {
            server = WebhookServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), keys,
                    new StackAdmission(CollisionCheck.using(client)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the kstack server on loopback: " + e.getMessage(), e);
        }
        List<HasMetadata> objects = InstallManifests.render(InstallOptions.runLocal(server.port()), keys.served());
        try {
            for (HasMetadata object : objects) {
                client.resource(object).forceConflicts().serverSideApply();
            }
            awaitServed(client);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return new LocalStackApi(client, server, keys, objects);
    }

    /** The serving key: its certificate now, its CA. */
    public RotatingKeyManager keys() {
        return keys;
    }

    /** The loopback port the webhooks are served on. */
    public int port() {
        return server.port();
    }

    /** Unregisters the webhooks and the CRD (which deletes every Stack) and stops the server. */
    @Override
    public void close() {
        try {
            for (int i = registered.size() - 1; i >= 0; i--) {
                client.resource(registered.get(i)).delete();
            }
        } finally {
            server.close();
        }
    }

    private static void awaitServed(KubernetesClient client) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .withName(StackCrd.NAME).get();
            boolean established = crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
            if (established && servesAllVersions(client)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Stack API", e);
            }
        }
        throw new IllegalStateException("the API server did not serve " + StackCrd.NAME + " within " + READY_TIMEOUT);
    }

    private static boolean servesAllVersions(KubernetesClient client) {
        for (String version : StackCrd.VERSIONS) {
            try {
                client.raw("/apis/" + dev.kstack.api.Stack.GROUP + "/" + version + "/" + StackCrd.PLURAL);
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return true;
    }
}
