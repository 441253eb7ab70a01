package dev.kstack.testenv;

import dev.kstack.testenv.sim.SimulatedNodes;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (TLS, RBAC, aggregation flags),
 * kube-controller-manager, kube-scheduler and the node simulator, each a process of its own on free ports.
 *
 * <p>Everything lives in one directory: {@code pki/}, {@code etcd/}, {@code logs/}, the kubeconfigs and
 * {@code state.properties} (ports and pids), so another process can {@link #attach} to a running cluster and
 * {@link #down} stops exactly what {@link #up} started.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** The order in which components start with simulated nodes; they stop in reverse. */
    public static final List<String> COMPONENTS =
            List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "node-simulator");
    /** The order in which components start with a real node. */
    public static final List<String> REAL_NODE_COMPONENTS = java.util.stream.Stream.concat(
            COMPONENTS.stream().limit(4), RealNodeStarter.COMPONENTS.stream()).toList();
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    private final Path dir;
    private final ClusterState state;

    private LocalCluster(Path dir, ClusterState state) {
        this.dir = dir;
        this.state = state;
    }

    /**
     * Starts the control plane described by {@code config}, or returns the one already running there (idempotent).
     * Leftovers of a half-started or crashed cluster in the same directory are stopped first.
     */
    public static LocalCluster up(LocalClusterConfig config) {
        Optional<LocalCluster> running = attach(config.dir());
        if (running.isPresent() && running.get().isHealthy()) {
            return running.get();
        }
        running.ifPresent(LocalCluster::down);
        return new Starter(config).start();
    }

    /** The cluster whose state file is in {@code dir}, if there is one (running or not). */
    public static Optional<LocalCluster> attach(Path dir) {
        return ClusterState.load(dir).map(s -> new LocalCluster(dir, s));
    }

    public Path dir() {
        return dir;
    }

    /** The admin kubeconfig (user {@code kstack-admin}, group {@code system:masters}). */
    public Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    public URI apiServerUrl() {
        return URI.create("https://" + state.apiServerHost() + ":" + state.port("kube-apiserver"));
    }

    /** Whether this cluster runs a real node ({@code up --real}) instead of the node simulator. */
    public boolean hasRealNode() {
        return state.realNode();
    }

    /** This cluster's components, in start order. */
    public List<String> components() {
        return state.realNode() ? REAL_NODE_COMPONENTS : COMPONENTS;
    }

    /** Whether any process of this cluster still runs. */
    boolean anyProcessAlive() {
        return processes().values().stream().anyMatch(Boolean::booleanValue);
    }

    public int port(String component) {
        return state.port(component);
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public ClusterPki pki() {
        return ClusterPki.ensure(dir.resolve("pki"));
    }

    public List<String> nodes() {
        return state.nodes();
    }

    /** A bearer token of the admin user (static token file), for clients that cannot present a certificate. */
    public String adminToken() {
        try {
            return Files.readString(dir.resolve(ADMIN_TOKEN_FILE)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Config adminConfig() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient newAdminClient() {
        return new KubernetesClientBuilder().withConfig(adminConfig()).build();
    }

    /** Whether each component's process is alive, in start order. */
    public Map<String, Boolean> processes() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String c : components()) {
            m.put(c, state.process(c).map(ManagedProcess::isAlive).orElse(false));
        }
        return m;
    }

    /** Every process alive and kube-apiserver ready. */
    public boolean isHealthy() {
        return processes().values().stream().allMatch(Boolean::booleanValue) && apiServerReady();
    }

    boolean apiServerReady() {
        return Http.get(sslContext(), apiServerUrl().resolve("/readyz")) == 200;
    }

    SSLContext sslContext() {
        ClusterPki pki = pki();
        return PemFiles.sslContext(pki.crt("ca"), pki.crt("admin"), pki.key("admin"));
    }

    /**
     * Stops every process this cluster started (SIGTERM, then SIGKILL after a grace period); keeps the directory.
     * The components stop together, etcd last, so that kube-apiserver never loses its storage while it drains.
     */
    public void down() {
        if (state.realNode()) {
            RealNodeStopper.stop(this);
            return;
        }
        List<String> first = COMPONENTS.stream().filter(c -> !c.equals("etcd")).toList();
        List<java.util.concurrent.CompletableFuture<Void>> stopping = first.stream()
                .map(c -> java.util.concurrent.CompletableFuture.runAsync(() -> stop(c)))
                .toList();
        stopping.forEach(java.util.concurrent.CompletableFuture::join);
        stop("etcd");
        state.delete();
    }

    /**
     * Stops one component (SIGTERM, or SIGKILL when {@code kill}) and starts it again with the same command line, ports
     * and data; returns when it is usable again (kube-apiserver and etcd: healthy; the others: running). For fault tests:
     * what a client sees while kube-apiserver or etcd goes away and comes back.
     */
    public void restart(String component, boolean kill) {
        if (!components().contains(component)) {
            throw new IllegalArgumentException("no component " + component + " (one of " + components() + ")");
        }
        state.process(component).ifPresent(p -> {
            if (kill) {
                p.handle().ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
            } else {
                p.stop(STOP_GRACE);
            }
        });
        SavedCommand saved = loadCommand(dir, component);
        Process p = ManagedProcess.spawn(component, saved.command(), logs().resolve(component + ".log"), saved.detached());
        state.recordProcess(component, p.pid());
        state.save();
        LOG.info("restarted {} (pid {})", component, p.pid());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!usable(component)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(component + " exited with code " + p.exitValue() + " after a restart; "
                        + "last lines of its log:\n" + Logs.tail(logs().resolve(component + ".log"), 15));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(component + " not usable within 120 s of a restart");
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private boolean usable(String component) {
        switch (component) {
            case "kube-apiserver":
                return apiServerReady();
            case "etcd":
                return etcdHealthy(pki(), port("etcd"));
            default:
                return state.process(component).map(ManagedProcess::isAlive).orElse(false);
        }
    }

    /** Whether etcd answers its health endpoint (as kube-apiserver reaches it: TLS with a client certificate). */
    static boolean etcdHealthy(ClusterPki pki, int port) {
        SSLContext ssl = PemFiles.sslContext(pki.crt("ca"), pki.crt("apiserver-etcd-client"),
                pki.key("apiserver-etcd-client"));
        return Http.get(ssl, URI.create("https://127.0.0.1:" + port + "/health")) == 200;
    }

    /** A component's command line as it was first started, kept so that {@link #restart} can start it again. */
    record SavedCommand(List<String> command, boolean detached) {
    }

    static void saveCommand(Path dir, String component, List<String> command, boolean detached) {
        try {
            Path cmd = Files.createDirectories(dir.resolve("commands")).resolve(component + ".args");
            List<String> lines = new ArrayList<>();
            lines.add(detached ? "detached" : "attached");
            lines.addAll(command);
            Files.write(cmd, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SavedCommand loadCommand(Path dir, String component) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("commands").resolve(component + ".args"));
            return new SavedCommand(List.copyOf(lines.subList(1, lines.size())), lines.get(0).equals("detached"));
        } catch (IOException e) {
            throw new UncheckedIOException("no saved command line for " + component, e);
        }
    }

    /** Whether the state file names the process of {@code component} (alive or not). */
    ClusterState state() {
        return state;
    }

    void stop(String component) {
        state.process(component).ifPresent(p -> {
            if (p.stop(STOP_GRACE)) {
                LOG.info("stopped {} (pid {})", component, p.pid());
            }
        });
    }

    @Override
    public void close() {
        down();
    }

    /** Starts the processes one after the other, waiting for each to be usable. */
    private static final class Starter {
        private final LocalClusterConfig config;
        private final Path dir;
        private final ClusterState state;
        private final ClusterPki pki;
        private final Map<String, Process> children = new LinkedHashMap<>();
        private final Instant startedAt = Instant.now();

        Starter(LocalClusterConfig config) {
            this.config = config;
            this.dir = config.dir().toAbsolutePath();
            this.state = new ClusterState(dir, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), config.nodes(),
                    config.realNode());
            this.pki = ClusterPki.ensure(dir.resolve("pki"));
            LOG.info("certificates ready after {} s", Duration.between(startedAt, Instant.now()).toSeconds());
        }

        LocalCluster start() {
            LocalCluster cluster = new LocalCluster(dir, state);
            try {
                Files.createDirectories(dir.resolve("logs"));
                List<String> portNames = new ArrayList<>(List.of("etcd", "etcd-peer", "kube-apiserver",
                        "kube-controller-manager", "kube-scheduler", "kubelet"));
                if (config.realNode()) {
                    RealNodeStarter.claimMachine(dir);
                    pki.ensureRealNode();
                    portNames.addAll(RealNodeStarter.portNames());
                    state.save();
                    new RealNodeHost(dir).prepare();
                }
                for (String c : portNames) {
                    state.ports().put(c, freePort());
                }
                Instant t0 = Instant.now();
                startEtcd();
                waitFor("etcd", Duration.ofSeconds(60), () -> etcdHealthy(pki, state.port("etcd")));
                writeTokenFile();
                startApiServer();
                waitFor("kube-apiserver", Duration.ofSeconds(180), cluster::apiServerReady);
                writeKubeconfigs();
                repairKubernetesEndpoints(cluster);
                startControllerManager();
                startScheduler();
                if (config.realNode()) {
                    new RealNodeStarter(dir, config.binaries(), pki, state.ports(), config.simulatorClasspath(),
                            new RealNodeStarter.Launcher() {
                                @Override
                                public void launch(String name, List<String> command) {
                                    Starter.this.launch(name, command);
                                }

                                @Override
                                public void waitFor(String what, Duration timeout, BooleanSupplier ready) {
                                    Starter.this.waitFor(what, timeout, ready);
                                }
                            }).start(ControlPlaneBinaries.projectRoot());
                } else {
                    forgetOtherSimulatedNodes(cluster);
                    startSimulator();
                }
                state.save();
                try (KubernetesClient client = cluster.newAdminClient()) {
                    waitFor(config.realNode() ? "the real node" : "the simulated nodes", Duration.ofSeconds(180),
                            () -> nodesReady(client));
                    waitFor("the default service account", Duration.ofSeconds(120),
                            () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
                }
                LOG.info("local control plane ready in {} s: {}", Duration.between(t0, Instant.now()).toSeconds(),
                        cluster.apiServerUrl());
                return cluster;
            } catch (RuntimeException | IOException e) {
                state.save();
                cluster.down();
                throw new IllegalStateException("the local control plane did not start: " + describe(e)
                        + " (logs in " + dir.resolve("logs") + ")", e);
            }
        }

        /**
         * A start in a folder that an earlier start used gives kube-apiserver another port, and kube-apiserver 1.20's
         * endpoint reconciler corrects the address of the {@code kubernetes} Endpoints but not their port: pods then
         * reach the API through the {@code kubernetes} Service at the old port, which refuses them. Deleting the stale
         * object has kube-apiserver write it anew (within its 10 s reconcile interval) with its current port. (With the
         * simulator kube-apiserver listens on loopback and writes no such Endpoints.) Seen when the real node's
         * in-cluster kstack controllers found no API: {@code Connection refused: /10.0.0.1:443}.
         */
        private void repairKubernetesEndpoints(LocalCluster cluster) {
            int port = state.port("kube-apiserver");
            try (KubernetesClient client = cluster.newAdminClient()) {
                var endpoints = client.endpoints().inNamespace("default").withName("kubernetes");
                Predicate<Endpoints> current = e -> e != null && e.getSubsets() != null && !e.getSubsets().isEmpty()
                        && e.getSubsets().stream().allMatch(sub -> sub.getPorts() != null && sub.getPorts().stream()
                                .allMatch(p -> p.getPort() == port));
                Endpoints live = endpoints.get();
                if (live != null && !current.test(live)) {
                    endpoints.delete();
                    LOG.info("deleted the kubernetes Endpoints of an earlier start (kube-apiserver's port is now {})", port);
                    waitFor("the kubernetes Endpoints at port " + port, Duration.ofSeconds(60),
                            () -> current.test(endpoints.get()));
                }
            }
        }

        /**
         * Deletes the simulated nodes a previous start in this folder registered and this one does not play (it was
         * started with more {@code --nodes}): left, they would stay NotReady.
         */
        private void forgetOtherSimulatedNodes(LocalCluster cluster) {
            try (KubernetesClient client = cluster.newAdminClient()) {
                for (Node n : client.nodes().withLabel(SimulatedNodes.SIMULATED_LABEL).list().getItems()) {
                    if (!config.nodes().contains(n.getMetadata().getName())) {
                        client.nodes().withName(n.getMetadata().getName()).delete();
                        LOG.info("deleted the simulated node {} of an earlier start", n.getMetadata().getName());
                    }
                }
            }
        }

        private boolean nodesReady(KubernetesClient client) {
            List<Node> nodes = client.nodes().list().getItems();
            return config.nodes().stream().allMatch(n -> nodes.stream().anyMatch(node -> node.getMetadata().getName()
                    .equals(n) && node.getStatus() != null && node.getStatus().getConditions() != null
                    && node.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")
                                    && freshHeartbeat(c.getLastHeartbeatTime()))));
        }

        /**
         * A real node's Ready condition counts only when this start's kubelet posted it: the Node object (and its old
         * Ready condition) survives in etcd from the previous start.
         */
        private boolean freshHeartbeat(String time) {
            return !config.realNode() || (time != null
                    && !Instant.parse(time).isBefore(startedAt.minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }

        private void startEtcd() {
            String client = "https://127.0.0.1:" + state.port("etcd");
            String peer = "http://127.0.0.1:" + state.port("etcd-peer");
            launch("etcd", List.of(bin("etcd"),
                    "--name=local",
                    "--data-dir=" + dir.resolve("etcd"),
                    "--listen-client-urls=" + client,
                    "--advertise-client-urls=" + client,
                    "--listen-peer-urls=" + peer,
                    "--initial-advertise-peer-urls=" + peer,
                    "--initial-cluster=local=" + peer,
                    "--cert-file=" + pki.crt("etcd-server"),
                    "--key-file=" + pki.key("etcd-server"),
                    "--client-cert-auth=true",
                    "--trusted-ca-file=" + pki.crt("ca"),
                    "--listen-metrics-urls=http://127.0.0.1:0",
                    "--auto-compaction-retention=1h",
                    "--quota-backend-bytes=4294967296"));
        }


        private void writeTokenFile() throws IOException {
            String token = UUID.randomUUID().toString().replace("-", "");
            Path tokenFile = dir.resolve(ADMIN_TOKEN_FILE);
            Files.writeString(tokenFile, token + "\n");
            Pki.restrictToOwner(tokenFile);
            Path csv = dir.resolve("tokens.csv");
            Files.writeString(csv, token + ",kstack-admin-token,kstack-admin-token,\"system:masters\"\n");
            Pki.restrictToOwner(csv);
        }

        private void startApiServer() {
            // With a real node, kube-apiserver serves on the node's bridge address, so that pods reach it through the
            // kubernetes Service (its endpoint is the advertised address); otherwise on loopback only.
            String host = state.apiServerHost();
            launch("kube-apiserver", List.of(bin("kube-apiserver"),
                    "--bind-address=" + host,
                    "--advertise-address=" + host,
                    "--secure-port=" + state.port("kube-apiserver"),
                    "--insecure-port=0",
                    "--cert-dir=" + dir.resolve("apiserver-certs"),
                    "--tls-cert-file=" + pki.crt("apiserver"),
                    "--tls-private-key-file=" + pki.key("apiserver"),
                    "--client-ca-file=" + pki.crt("ca"),
                    "--token-auth-file=" + dir.resolve("tokens.csv"),
                    "--etcd-servers=https://127.0.0.1:" + state.port("etcd"),
                    "--etcd-cafile=" + pki.crt("ca"),
                    "--etcd-certfile=" + pki.crt("apiserver-etcd-client"),
                    "--etcd-keyfile=" + pki.key("apiserver-etcd-client"),
                    "--authorization-mode=RBAC",
                    "--allow-privileged=true",
                    "--service-cluster-ip-range=10.0.0.0/24",
                    "--service-account-key-file=" + pki.file("sa.pub"),
                    "--service-account-signing-key-file=" + pki.file("sa.key"),
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                    "--kubelet-client-certificate=" + pki.crt("apiserver-kubelet-client"),
                    "--kubelet-client-key=" + pki.key("apiserver-kubelet-client"),
                    "--kubelet-preferred-address-types=" + (config.realNode() ? "InternalIP" : "InternalIP,Hostname"),
                    // API aggregation: the front proxy's client certificate and the headers extension servers trust.
                    "--requestheader-client-ca-file=" + pki.crt("front-proxy-ca"),
                    "--requestheader-allowed-names=" + ClusterPki.FRONT_PROXY_CLIENT,
                    "--requestheader-username-headers=X-Remote-User",
                    "--requestheader-group-headers=X-Remote-Group",
                    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
                    "--proxy-client-cert-file=" + pki.crt("front-proxy-client"),
                    "--proxy-client-key-file=" + pki.key("front-proxy-client"),
                    "--profiling=false"));
        }

        private void writeKubeconfigs() throws IOException {
            Kubeconfigs.writeCertificateUser(dir.resolve("kubeconfig"), "kstack-local", apiServerUrl(), pki.crt("ca"),
                    pki.crt("admin"), pki.key("admin"), "kstack-admin");
            for (String c : List.of("controller-manager", "scheduler", "node-simulator")) {
                Kubeconfigs.writeCertificateUser(dir.resolve(c + ".kubeconfig"), "kstack-local", apiServerUrl(),
                        pki.crt("ca"), pki.crt(c), pki.key(c), c);
            }
        }

        private URI apiServerUrl() {
            return URI.create("https://" + state.apiServerHost() + ":" + state.port("kube-apiserver"));
        }

        private void startControllerManager() {
            // No cloud and no kube-proxy: the controllers that need them stay off. The node simulator plays the kubelet
            // (its Leases keep the node lifecycle controller content, which lifts the not-ready taint); the
            // persistent-volume binder stays on so claims bind to volumes the simulator provisions.
            launch("kube-controller-manager", List.of(bin("kube-controller-manager"),
                    "--kubeconfig=" + dir.resolve("controller-manager.kubeconfig"),
                    "--authentication-kubeconfig=" + dir.resolve("controller-manager.kubeconfig"),
                    "--authorization-kubeconfig=" + dir.resolve("controller-manager.kubeconfig"),
                    "--service-account-private-key-file=" + pki.file("sa.key"),
                    "--root-ca-file=" + pki.crt("ca"),
                    "--use-service-account-credentials=true",
                    "--leader-elect=false",
                    "--port=0",
                    "--bind-address=127.0.0.1",
                    "--secure-port=" + state.port("kube-controller-manager"),
                    "--cert-dir=" + dir.resolve("controller-manager-certs"),
                    "--controllers=*,-nodeipam,-cloud-node-lifecycle,-route,-service,-attachdetach,"
                            + "-persistentvolume-expander,-csrsigning,-csrapproving"));
        }

        private void startScheduler() {
            launch("kube-scheduler", List.of(bin("kube-scheduler"),
                    "--kubeconfig=" + dir.resolve("scheduler.kubeconfig"),
                    "--authentication-kubeconfig=" + dir.resolve("scheduler.kubeconfig"),
                    "--authorization-kubeconfig=" + dir.resolve("scheduler.kubeconfig"),
                    "--leader-elect=false",
                    "--port=0",
                    "--bind-address=127.0.0.1",
                    "--secure-port=" + state.port("kube-scheduler"),
                    "--cert-dir=" + dir.resolve("scheduler-certs")));
        }

        private void startSimulator() {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            launch("node-simulator", List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", config.simulatorClasspath(),
                    "dev.kstack.testenv.sim.NodeSimulatorMain",
                    "--kubeconfig=" + dir.resolve("node-simulator.kubeconfig"),
                    "--nodes=" + String.join(",", config.nodes()),
                    "--pods-per-node=" + config.podsPerNode(),
                    "--ready-delay=" + config.podReadyDelay().toMillis() + "ms",
                    "--kubelet-port=" + state.port("kubelet"),
                    "--tls-cert=" + pki.crt("kubelet"),
                    "--tls-key=" + pki.key("kubelet")));
        }

        private String bin(String name) {
            return config.binaries().resolve(name).toString();
        }

        private void launch(String name, List<String> command) {
            saveCommand(dir, name, command, config.detached());
            Process p = ManagedProcess.spawn(name, command, dir.resolve("logs").resolve(name + ".log"), config.detached());
            children.put(name, p);
            state.recordProcess(name, p.pid());
            state.save();
            LOG.info("started {} (pid {})", name, p.pid());
        }

        private void waitFor(String what, Duration timeout, BooleanSupplier ready) {
            Instant began = Instant.now();
            Instant deadline = began.plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (Map.Entry<String, Long> e : state.processes().entrySet()) {
                    // The children this JVM started are judged by their Process: right after a spawn, /proc shows
                    // the spawn helper's command line (without the marker) for a moment, which is not an exit.
                    Process child = children.get(e.getKey());
                    if (child != null ? !child.isAlive() : !state.process(e.getKey()).orElseThrow().isAlive()) {
                        String exit = child != null ? " with exit code " + child.exitValue() : "";
                        throw new IllegalStateException(e.getKey() + " exited" + exit + " while waiting for " + what
                                + "; last lines of its log:\n" + Logs.tail(dir.resolve("logs").resolve(e.getKey() + ".log"), 15));
                    }
                }
                try {
                    if (ready.getAsBoolean()) {
                        LOG.info("{} ready after {} s", what, Duration.between(began, Instant.now()).toSeconds());
                        return;
                    }
                } catch (RuntimeException e) {
                    LOG.debug("{} not ready yet: {}", what, e.toString());
                }
                sleep(Duration.ofMillis(250));
            }
            throw new IllegalStateException(what + " not ready within " + timeout.toSeconds() + " s");
        }
    }

    /** The messages of an exception and its causes, for a one-line error. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Tiny HTTPS GET for health checks. */
    static final class Http {
        private Http() {
        }

        /** The status code of a plain HTTP GET, or -1 when the server cannot be reached. */
        static int plainGet(URI uri) {
            return send(HttpClient.newBuilder(), uri);
        }

        /** The status code, or -1 when the server cannot be reached. */
        static int get(SSLContext ssl, URI uri) {
            return send(HttpClient.newBuilder().sslContext(ssl), uri);
        }

        private static int send(HttpClient.Builder builder, URI uri) {
            HttpClient client = builder.connectTimeout(Duration.ofSeconds(2)).build();
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }
}
