package dev.kstack.testenv;

import dev.kstack.testenv.sim.SimulatedNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start a local control plane.
 *
 * @param dir where certificates, data, logs, kubeconfigs and the state file live
 * @param binaries the directory holding kube-apiserver, kube-controller-manager, kube-scheduler and etcd
 * @param nodes the names of the simulated nodes
 * @param podsPerNode how many pods each simulated node takes
 * @param podReadyDelay how long a simulated pod takes to become Ready
 * @param detached whether the processes outlive the JVM that starts them ({@code bin/local-cluster up}) or not (tests)
 * @param simulatorClasspath the classpath of the node simulator's JVM (and, with a real node, of its services' JVM)
 * @param realNode one real node (kubelet, kube-proxy, dockerd, CNI, DNS, storage, registry) in place of the simulator
 */
public record LocalClusterConfig(Path dir, Path binaries, List<String> nodes, int podsPerNode, Duration podReadyDelay,
        boolean detached, String simulatorClasspath, boolean realNode) {
    public static final int DEFAULT_NODE_COUNT = 2;
    public static final List<String> DEFAULT_NODES = simulatedNodeNames(DEFAULT_NODE_COUNT);
    public static final Duration DEFAULT_POD_READY_DELAY = Duration.ofSeconds(1);

    public LocalClusterConfig {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one simulated node is needed");
        }
        if (podsPerNode < 1) {
            throw new IllegalArgumentException("a simulated node must take at least one pod: " + podsPerNode);
        }
    }

    /**
     * Defaults for {@code dir}: two nodes of {@value SimulatedNodes#DEFAULT_PODS} pods, pods Ready after one second,
     * the current JVM's classpath.
     */
    public static LocalClusterConfig defaults(Path dir, Path binaries, boolean detached) {
        return new LocalClusterConfig(dir, binaries, DEFAULT_NODES, SimulatedNodes.DEFAULT_PODS, DEFAULT_POD_READY_DELAY,
                detached, absoluteClasspath(System.getProperty("java.class.path")), false);
    }

    /** The same cluster with one real node instead of the simulated ones. */
    public LocalClusterConfig withRealNode() {
        return new LocalClusterConfig(dir, binaries, List.of(RealNodeLayout.NODE_NAME), podsPerNode, podReadyDelay,
                detached, simulatorClasspath, true);
    }

    /** The same cluster with {@code count} simulated nodes ({@code sim-node-1} ...) of {@code podsPerNode} pods each. */
    public LocalClusterConfig withSimulatedNodes(int count, int podsPerNode) {
        return new LocalClusterConfig(dir, binaries, simulatedNodeNames(count), podsPerNode, podReadyDelay, detached,
                simulatorClasspath, realNode);
    }

    /** {@code sim-node-1} to {@code sim-node-<count>}. */
    static List<String> simulatedNodeNames(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one simulated node is needed: " + count);
        }
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "sim-node-" + i).toList();
    }

    /** The same classpath with absolute entries, so that it works from any working directory. */
    static String absoluteClasspath(String classpath) {
        return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> e.endsWith("*") ? Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + "/*"
                        : Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }
}
