package dev.kstack.testenv;

import dev.kstack.testenv.sim.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/local-cluster up [--nodes N] [--pods-per-node M] | up --real | down | status | kubeconfig | help}: a
 * local control plane for people (tests use {@link LocalClusterExtension}). The directory is
 * {@code $KSTACK_LOCAL_CLUSTER_DIR}, else {@code ${XDG_STATE_HOME:-~/.local/state}/kstack/local-cluster}.
 */
public final class LocalClusterMain {
    private LocalClusterMain() {
    }

    static final String USAGE = """
            usage: bin/local-cluster COMMAND
              up [--nodes N] [--pods-per-node M]  start etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
                                                  the node simulator: N simulated nodes (default 2) that take M pods
                                                  each (default 250); pods are marked Running, no container runs
              up --real                           the same control plane with one real node instead (as root: kubelet,
                                                  kube-proxy and dockerd run the containers)
              status                              each process, the API server, and each node: Ready or not, real or
                                                  simulated
              kubeconfig                          print the admin kubeconfig's path
              down                                stop every process (data and logs stay)
              help, --help, -h                    print this text
            The cluster's folder: $KSTACK_LOCAL_CLUSTER_DIR, else ${XDG_STATE_HOME:-~/.local/state}/kstack/local-cluster.
            """;
    private static final List<String> HELP = List.of("help", "--help", "-h");

    public static void main(String[] args) {
        System.exit(run(args, defaultDir(), System.out, System.err));
    }

    static int run(String[] args, Path dir, PrintStream out, PrintStream err) {
        List<String> all = List.of(args);
        if (all.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        if (all.stream().anyMatch(HELP::contains)) {
            out.print(USAGE);
            return 0;
        }
        String command = all.get(0);
        List<String> options = all.subList(1, all.size());
        if (!command.equals("up") && !options.isEmpty()) {
            err.println("error: local-cluster " + command + " takes no options (got " + String.join(" ", options) + ")");
            err.print(USAGE);
            return 2;
        }
        switch (command) {
            case "up":
                UpOptions up;
                try {
                    up = UpOptions.parse(options);
                } catch (IllegalArgumentException e) {
                    err.println("error: " + e.getMessage());
                    err.print(USAGE);
                    return 2;
                }
                return up(dir, up, out, err);
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
                err.println("error: unknown command '" + command + "'");
                err.print(USAGE);
                return 2;
        }
    }

    /**
     * What {@code up} was asked for; {@code 0} for a number not given (the defaults, or the running cluster's size).
     *
     * @param real one real node instead of the simulator
     * @param nodes how many simulated nodes
     * @param podsPerNode how many pods each simulated node takes
     */
    record UpOptions(boolean real, int nodes, int podsPerNode) {
        static UpOptions parse(List<String> args) {
            boolean real = false;
            int nodes = 0;
            int pods = 0;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                switch (name) {
                    case "--real" -> real = true;
                    case "--nodes", "--pods-per-node" -> {
                        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                                : i + 1 < args.size() ? args.get(++i) : "";
                        int n = positive(name, value);
                        if (name.equals("--nodes")) {
                            nodes = n;
                        } else {
                            pods = n;
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "' of up");
                }
            }
            if (real && (nodes > 0 || pods > 0)) {
                throw new IllegalArgumentException("--nodes and --pods-per-node size the simulated nodes;"
                        + " --real runs one real node");
            }
            return new UpOptions(real, nodes, pods);
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException(name + " needs a whole number of at least 1, not '" + value + "'");
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

    private static int up(Path dir, UpOptions options, PrintStream out, PrintStream err) {
        boolean real = options.real();
        Optional<LocalCluster> existing = LocalCluster.attach(dir);
        boolean wasRunning = existing.map(LocalCluster::isHealthy).orElse(false);
        if (wasRunning && existing.get().hasRealNode() != real) {
            err.println("error: the local cluster in " + dir + " runs " + (real ? "simulated nodes" : "a real node")
                    + "; run bin/local-cluster down first");
            return 1;
        }
        if (wasRunning && !real) {
            String other = otherSize(existing.get(), options);
            if (!other.isEmpty()) {
                err.println("error: the local cluster in " + dir + " runs " + other
                        + "; run bin/local-cluster down first to change its size");
                return 1;
            }
        }
        if (!wasRunning) {
            out.println("Starting a local Kubernetes control plane" + (real ? " with a real node" : "") + " in " + dir
                    + " ...");
        }
        LocalCluster cluster;
        try {
            Path binaries = real ? ControlPlaneBinaries.locateForRealNode() : ControlPlaneBinaries.locate();
            LocalClusterConfig config = LocalClusterConfig.defaults(dir, binaries, true).withSimulatedNodes(
                    options.nodes() > 0 ? options.nodes() : LocalClusterConfig.DEFAULT_NODE_COUNT,
                    options.podsPerNode() > 0 ? options.podsPerNode() : SimulatedNodes.DEFAULT_PODS);
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
                : " (simulated, " + podsPerNode(cluster) + " pods each: pods are marked Running and Ready, no"
                        + " containers run)"));
        out.println("  logs:        " + cluster.logs());
        out.println("  kubeconfig:  " + cluster.kubeconfig());
        out.println();
        out.println("  kubectl --kubeconfig \"" + cluster.kubeconfig() + "\" get nodes");
        return 0;
    }

    /** How the running simulated cluster differs from the size asked for ({@code ""} when it does not). */
    private static String otherSize(LocalCluster running, UpOptions options) {
        int nodes = running.nodes().size();
        if (options.nodes() > 0 && options.nodes() != nodes) {
            return nodes + " simulated nodes, not " + options.nodes();
        }
        int pods = podsPerNode(running);
        if (options.podsPerNode() > 0 && options.podsPerNode() != pods) {
            return "simulated nodes of " + pods + " pods, not " + options.podsPerNode();
        }
        return "";
    }

    /** The pods a simulated node of the cluster takes, as its Node says (0 when no simulated node is registered). */
    private static int podsPerNode(LocalCluster cluster) {
        try (KubernetesClient client = cluster.newAdminClient()) {
            return client.nodes().withLabel(SimulatedNodes.SIMULATED_LABEL).list().getItems().stream()
                    .mapToInt(LocalClusterMain::pods).max().orElse(0);
        }
    }

    private static int pods(Node n) {
        Quantity q = n.getStatus() == null || n.getStatus().getCapacity() == null ? null
                : n.getStatus().getCapacity().get("pods");
        return q == null ? 0 : q.getNumericalAmount().intValue();
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
                    out.println("  node " + n.getMetadata().getName() + (nodeReady ? " Ready" : " NotReady")
                            + " (" + kind(cluster, n) + ", " + pods(n) + " pods)");
                }
            }
        }
        out.println("  kubeconfig: " + cluster.kubeconfig());
        return cluster.isHealthy() ? 0 : 3;
    }

    /**
     * {@code real} for the cluster's real node (kubelet and dockerd run its containers), {@code simulated} for a node
     * of the simulator (its label), else what registered it is unknown.
     */
    static String kind(LocalCluster cluster, Node n) {
        if (cluster.hasRealNode() && n.getMetadata().getName().equals(RealNodeLayout.NODE_NAME)) {
            return "real";
        }
        Map<String, String> labels = n.getMetadata().getLabels();
        return labels != null && labels.containsKey(SimulatedNodes.SIMULATED_LABEL) ? "simulated"
                : "neither simulated nor the real node";
    }
}
