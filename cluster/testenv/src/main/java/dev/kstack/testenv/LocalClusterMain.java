package dev.kstack.testenv;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/local-cluster up|down|status|kubeconfig}: a local control plane for people (tests use
 * {@link LocalClusterExtension}). The directory is {@code $KSTACK_LOCAL_CLUSTER_DIR}, else
 * {@code ${XDG_STATE_HOME:-~/.local/state}/kstack/local-cluster}.
 */
public final class LocalClusterMain {
    private LocalClusterMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, defaultDir(), System.out, System.err));
    }

    static int run(String[] args, Path dir, PrintStream out, PrintStream err) {
        boolean real = args.length == 2 && args[0].equals("up") && args[1].equals("--real");
        if (args.length != 1 && !real) {
            err.println("usage: local-cluster up [--real]|down|status|kubeconfig");
            return 2;
        }
        switch (args[0]) {
            case "up":
                return up(dir, real, out, err);
            case "down":
                return down(dir, out);
            case "status":
                return status(dir, out);
            case "kubeconfig":
                Optional<LocalCluster> c = LocalCluster.attach(dir);
                if (c.isEmpty()) {
                    err.println("no local cluster in " + dir + "; run: bin/local-cluster up");
                    return 1;
                }
                out.println(c.get().kubeconfig());
                return 0;
            default:
                err.println("unknown command '" + args[0] + "'; usage: local-cluster up [--real]|down|status|kubeconfig");
                return 2;
        }
    }

    static Path defaultDir() {
        String explicit = System.getenv("KSTACK_LOCAL_CLUSTER_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("kstack").resolve("local-cluster");
    }

    private static int up(Path dir, boolean real, PrintStream out, PrintStream err) {
        Optional<LocalCluster> existing = LocalCluster.attach(dir);
        boolean wasRunning = existing.map(LocalCluster::isHealthy).orElse(false);
        if (wasRunning && existing.get().hasRealNode() != real) {
            err.println("error: the local cluster in " + dir + " runs " + (real ? "simulated nodes" : "a real node")
                    + "; run bin/local-cluster down first");
            return 1;
        }
        if (!wasRunning) {
            out.println("Starting a local Kubernetes control plane" + (real ? " with a real node" : "") + " in " + dir
                    + " ...");
        }
        LocalCluster cluster;
        try {
            Path binaries = real ? ControlPlaneBinaries.locateForRealNode() : ControlPlaneBinaries.locate();
            LocalClusterConfig config = LocalClusterConfig.defaults(dir, binaries, true);
            cluster = LocalCluster.up(real ? config.withRealNode() : config);
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        out.println(wasRunning ? "The local control plane is already running." : "The local control plane is running.");
        out.println("  API server:  " + cluster.apiServerUrl());
        out.println("  nodes:       " + String.join(", ", cluster.nodes()) + (cluster.hasRealNode()
                ? " (real: kubelet, kube-proxy and dockerd run containers; pod network " + RealNodeLayout.POD_CIDR
                        + " on bridge " + RealNodeLayout.BRIDGE + "; LoadBalancer Services answer on 127.0.0.1:<port>)"
                : " (simulated: pods are marked Running and Ready, no containers run)"));
        out.println("  logs:        " + cluster.logs());
        out.println("  kubeconfig:  " + cluster.kubeconfig());
        out.println();
        out.println("  kubectl --kubeconfig \"" + cluster.kubeconfig() + "\" get nodes");
        return 0;
    }

    private static int down(Path dir, PrintStream out) {
        Optional<LocalCluster> c = LocalCluster.attach(dir);
        if (c.isEmpty()) {
            out.println("No local control plane is running in " + dir + ".");
            return 0;
        }
        Map<String, Boolean> before = c.get().processes();
        c.get().down();
        before.forEach((name, alive) -> out.println("  " + name + ": " + (alive ? "stopped" : "was not running")));
        out.println("The local control plane is stopped (its data and logs stay in " + dir + ").");
        return 0;
    }

    private static int status(Path dir, PrintStream out) {
        Optional<LocalCluster> c = LocalCluster.attach(dir);
        if (c.isEmpty()) {
            out.println("No local control plane in " + dir + " (run: bin/local-cluster up).");
            return 3;
        }
        LocalCluster cluster = c.get();
        cluster.processes().forEach((name, alive) -> out.printf("  %-24s %s%n", name, alive ? "running" : "NOT RUNNING"));
        boolean ready = cluster.apiServerReady();
        out.println("  API server " + cluster.apiServerUrl() + (ready ? " is ready" : " is NOT ready"));
        if (ready) {
            try (KubernetesClient client = cluster.newAdminClient()) {
                for (Node n : client.nodes().list().getItems()) {
                    boolean nodeReady = n.getStatus() != null && n.getStatus().getConditions() != null
                            && n.getStatus().getConditions().stream()
                                    .anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
                    boolean real = cluster.hasRealNode() && n.getMetadata().getName().equals(RealNodeLayout.NODE_NAME);
                    out.println("  node " + n.getMetadata().getName() + (nodeReady ? " Ready" : " NotReady")
                            + (real ? " (real)" : " (simulated)"));
                }
            }
        }
        out.println("  kubeconfig: " + cluster.kubeconfig());
        return cluster.isHealthy() ? 0 : 3;
    }
}
