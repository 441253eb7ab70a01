package dev.kstack.testenv.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the node simulator plays: which nodes, how fast pods settle, and where its kubelet endpoint listens.
 *
 * @param nodeNames        names of the simulated nodes, at least one
 * @param podsPerNode      how many pods each node takes (its {@code pods} capacity), at least one
 * @param readyDelay       how long a pod stays in ContainerCreating before reaching its simulated final state
 * @param kubeletPort      port of the HTTPS kubelet endpoint (logs, healthz), advertised in each node's daemonEndpoints
 * @param tlsCert          PEM certificate (chain) of the kubelet endpoint
 * @param tlsKey           PEM PKCS#8 private key of the kubelet endpoint
 * @param bindPods         whether the simulator binds unscheduled pods itself (for clusters without kube-scheduler)
 * @param restartInterval  how often a {@code crashloop} pod's restart count grows
 * @param heartbeatInterval how often node status and node leases are renewed
 * @param followInterval   how often a followed log stream gets a new line
 */
public record SimulatorConfig(
        List<String> nodeNames,
        int podsPerNode,
        Duration readyDelay,
        int kubeletPort,
        Path tlsCert,
        Path tlsKey,
        boolean bindPods,
        Duration restartInterval,
        Duration heartbeatInterval,
        Duration followInterval) {

    public static final Duration DEFAULT_RESTART_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FOLLOW_INTERVAL = Duration.ofSeconds(2);

    public SimulatorConfig {
        nodeNames = List.copyOf(nodeNames);
        if (nodeNames.isEmpty()) {
            throw new IllegalArgumentException("at least one node name is needed");
        }
        if (podsPerNode < 1) {
            throw new IllegalArgumentException("a node must take at least one pod: " + podsPerNode);
        }
        Objects.requireNonNull(readyDelay, "readyDelay");
        Objects.requireNonNull(tlsCert, "tlsCert");
        Objects.requireNonNull(tlsKey, "tlsKey");
        Objects.requireNonNull(restartInterval, "restartInterval");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(followInterval, "followInterval");
        if (readyDelay.isNegative()) {
            throw new IllegalArgumentException("readyDelay must not be negative: " + readyDelay);
        }
        if (kubeletPort < 0 || kubeletPort > 65535) {
            throw new IllegalArgumentException("kubeletPort out of range: " + kubeletPort);
        }
        for (Duration d : List.of(restartInterval, heartbeatInterval, followInterval)) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("intervals must be positive: " + d);
            }
        }
    }

    /** A configuration with nodes of the default size and the default restart, heartbeat and follow intervals. */
    public static SimulatorConfig of(List<String> nodeNames, Duration readyDelay, int kubeletPort,
                                     Path tlsCert, Path tlsKey, boolean bindPods) {
        return new SimulatorConfig(nodeNames, SimulatedNodes.DEFAULT_PODS, readyDelay, kubeletPort, tlsCert, tlsKey,
                bindPods, DEFAULT_RESTART_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_FOLLOW_INTERVAL);
    }

    /** Same configuration on another kubelet port (the port actually bound when 0 was asked for). */
    public SimulatorConfig withKubeletPort(int port) {
        return new SimulatorConfig(nodeNames, podsPerNode, readyDelay, port, tlsCert, tlsKey, bindPods,
                restartInterval, heartbeatInterval, followInterval);
    }

    /** Same configuration with nodes that take {@code pods} pods each. */
    public SimulatorConfig withPodsPerNode(int pods) {
        return new SimulatorConfig(nodeNames, pods, readyDelay, kubeletPort, tlsCert, tlsKey, bindPods,
                restartInterval, heartbeatInterval, followInterval);
    }

    public boolean simulates(String nodeName) {
        return nodeName != null && nodeNames.contains(nodeName);
    }
}
