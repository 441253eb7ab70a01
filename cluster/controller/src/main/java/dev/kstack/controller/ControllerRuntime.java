package dev.kstack.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running controller process: the health/metrics endpoint, leader election on a Lease, and — while this replica
 * leads — the {@link StackController}. Losing the lease stops the controller and ends the runtime (the process
 * should exit and be restarted); {@link #close()} shuts down gracefully and releases the lease.
 */
public final class ControllerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);

    /**
     * @param identity this replica's name in the Lease (e.g. the pod name)
     * @param leaseNamespace where the Lease {@code leaseName} lives
     * @param httpHost/httpPort where /healthz, /readyz and /metrics are served (port 0: any free port)
     */
    public record Settings(String identity, String leaseNamespace, String leaseName, String httpHost, int httpPort,
            ControllerOptions controller) {
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final ControllerMetrics metrics = new ControllerMetrics();
    private final AtomicReference<StackController> running = new AtomicReference<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final HealthServer http;
    private volatile boolean closing;
    private CompletableFuture<?> election;

    private ControllerRuntime(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.http = new HealthServer(settings.httpHost(), settings.httpPort(), () -> !closing, this::notReadyReason,
                metrics::scrape);
    }

    /** Starts serving health endpoints and campaigning for the lease. */
    public static ControllerRuntime start(KubernetesClient client, Settings settings) {
        ControllerRuntime runtime = new ControllerRuntime(client, settings);
        runtime.campaign();
        return runtime;
    }

    private void campaign() {
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("kstack-controller")
                .withLock(new LeaseLock(settings.leaseNamespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(Duration.ofSeconds(15)).withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofSeconds(2)).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::lead, this::stepDown,
                        leader -> LOG.info("leader is {}", leader)))
                .build()).build();
        election = elector.start();
        election.whenComplete((v, e) -> {
            if (e != null && !closing) {
                LOG.warn("leader election ended: {}", e.toString());
            }
        });
    }

    private void lead() {
        LOG.info("{} leads: starting the controller", settings.identity());
        StackController c = new StackController(client, settings.controller(), metrics);
        running.set(c);
        try {
            c.start();
        } catch (RuntimeException e) {
            LOG.error("the controller could not start: {}", e.toString());
            running.set(null);
            c.close();
            terminated.completeExceptionally(e);
        }
    }

    private void stepDown() {
        StackController c = running.getAndSet(null);
        if (c != null) {
            c.close();
        }
        if (!closing) {
            LOG.warn("{} lost the lease: stopping", settings.identity());
            terminated.complete(null);
        }
    }

    private String notReadyReason() {
        if (closing) {
            return "shutting down";
        }
        StackController c = running.get();
        if (c == null) {
            return "standby: not the leader";
        }
        return c.synced() ? "" : "caches not synced";
    }

    public int httpPort() {
        return http.port();
    }

    public boolean leading() {
        StackController c = running.get();
        return c != null && c.synced();
    }

    /** Completes when the runtime stops on its own (lost lease, failed start). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Graceful shutdown: stops reconciling, releases the lease, stops serving. */
    @Override
    public void close() {
        closing = true;
        StackController c = running.getAndSet(null);
        if (c != null) {
            c.close();
        }
        if (election != null) {
            election.cancel(true);
        }
        http.close();
        terminated.complete(null);
    }
}
