package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelets of a set of nodes that do not exist: registers the nodes and keeps them Ready, simulates the
 * lifecycle of the pods bound to them (no container ever runs), finishes pod deletions, serves container logs,
 * provisions (simulated) volumes for claims, and optionally binds pods when no scheduler runs.
 */
public final class NodeSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSimulator.class);

    private final SimulatorConfig config;
    private final KubeletServer kubelet;
    private final PodController pods;
    private final ScheduledExecutorService heartbeats;
    private final VolumeProvisioner volumes;

    /** Starts simulating; when the configured kubelet port is 0, a free port is chosen and advertised. */
    public NodeSimulator(KubernetesClient client, SimulatorConfig config) {
        this(client, config, Clock.systemUTC());
    }

    NodeSimulator(KubernetesClient client, SimulatorConfig config, Clock clock) {
        PodController controller = new PodController(client, config, clock);
        try {
            this.kubelet = new KubeletServer(new InetSocketAddress(PodStatusSimulation.HOST_IP, config.kubeletPort()),
                    PemTls.serverContext(config.tlsCert(), config.tlsKey()), controller, config.followInterval(),
                    clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the kubelet endpoint on port " + config.kubeletPort(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the kubelet certificate " + config.tlsCert()
                    + " and key " + config.tlsKey() + ": " + e.getMessage(), e);
        }
        this.config = config.withKubeletPort(kubelet.port());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sim-node-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        try {
            NodeRegistrar registrar = new NodeRegistrar(client, config.nodeNames(), kubelet.port(), config.podsPerNode(), clock);
            registrar.register();
            long period = config.heartbeatInterval().toMillis();
            heartbeats.scheduleWithFixedDelay(registrar::heartbeat, period, period, TimeUnit.MILLISECONDS);
            controller.start();
        } catch (RuntimeException e) {
            controller.close();
            heartbeats.shutdownNow();
            kubelet.close();
            throw e;
        }
        this.pods = controller;
        this.volumes = new VolumeProvisioner(client).start();
        LOG.info(banner());
    }

    /** The line that says plainly what this process is doing. */
    public String banner() {
        return "kstack node simulator: nodes " + String.join(", ", config.nodeNames())
                + " registered; pods are SIMULATED, no containers run (kubelet endpoint on port "
                + config.kubeletPort() + (config.bindPods() ? ", binding pods itself" : "") + ")";
    }

    /** The configuration in effect, with the kubelet port actually bound. */
    public SimulatorConfig config() {
        return config;
    }

    /** Stops simulating. The nodes stay registered (a real kubelet that stops does not delete its Node either). */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        volumes.close();
        pods.close();
        kubelet.close();
        LOG.info("kstack node simulator stopped");
    }
}
