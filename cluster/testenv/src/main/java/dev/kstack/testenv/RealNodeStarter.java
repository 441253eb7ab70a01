package dev.kstack.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the parts of the real node after the control plane: the image registry, dockerd, the images, dnsmasq, the
 * node services (DNS records, volumes, LoadBalancers), kube-proxy and the kubelet. The control plane's starter
 * launches and watches the processes; this class knows their command lines and configuration files.
 */
final class RealNodeStarter {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodeStarter.class);
    /** How long a claim counts before any process of its cluster runs (certificates, host changes). */
    static final Duration STARTING = Duration.ofMinutes(5);
    /** The real node's processes, in start order (after the control plane's). */
    static final List<String> COMPONENTS = List.of("registry", "dockerd", "dnsmasq", "node-services", "kube-proxy",
            "kubelet");

    /** The control plane's starter: starts a process and records it; waits while watching every process. */
    interface Launcher {
        void launch(String name, List<String> command);

        void waitFor(String what, Duration timeout, BooleanSupplier ready);
    }

    private final Path clusterDir;
    private final Path node;
    private final Path binaries;
    private final ClusterPki pki;
    private final Map<String, Integer> ports;
    private final String classpath;
    private final Launcher launcher;

    RealNodeStarter(Path clusterDir, Path binaries, ClusterPki pki, Map<String, Integer> ports, String classpath,
            Launcher launcher) {
        this.clusterDir = clusterDir;
        this.node = RealNodeLayout.nodeDir(clusterDir);
        this.binaries = binaries;
        this.pki = pki;
        this.ports = ports;
        this.classpath = classpath;
        this.launcher = launcher;
    }

    /** The ports the real node's processes listen on, chosen with the control plane's. */
    static List<String> portNames() {
        return List.of("registry", "kubelet-healthz", "kube-proxy-healthz", "kube-proxy-metrics");
    }

    /**
     * Takes ownership of this machine's real node for {@code clusterDir}. When another cluster's real node runs here
     * (its owner file names a live process of another directory), waits up to {@link #machineWait()} for it to stop
     * (two test runs of different worktrees then take turns), then refuses. The check and the claim hold a file lock,
     * so two starters never both win.
     */
    static void claimMachine(Path clusterDir) {
        Duration wait = machineWait();
        long deadline = System.nanoTime() + wait.toNanos();
        long nextLog = 0;
        while (true) {
            Path other = tryClaim(clusterDir);
            if (other == null) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("a real node already runs on this machine, for the cluster in "
                        + other + " (bin/local-cluster down there, or KSTACK_LOCAL_CLUSTER_DIR=" + other
                        + " bin/local-cluster down)" + (wait.isZero() ? "" : "; waited " + wait.toSeconds() + " s"));
            }
            if (System.nanoTime() >= nextLog) {
                LOG.info("a real node runs on this machine for {}; waiting up to {} s for it to stop", other,
                        wait.toSeconds());
                nextLog = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            }
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for this machine's real node", e);
            }
        }
    }

    /**
     * Whether the cluster named in the owner file still holds the machine: while any of its processes lives, and for
     * {@link #STARTING} after it claimed the machine, when its certificates and host changes are being made and
     * none of its processes runs yet (taking the machine over then would leave two nodes on one bridge).
     */
    static boolean holdsMachine(boolean anyProcessAlive, Instant claimed, Instant now) {
        return anyProcessAlive || now.isBefore(claimed.plus(STARTING));
    }

    /** {@code KSTACK_REAL_NODE_WAIT}: how many seconds a start waits for another cluster's real node (default 0). */
    static Duration machineWait() {
        String v = System.getenv("KSTACK_REAL_NODE_WAIT");
        try {
            return v == null || v.isBlank() ? Duration.ZERO : Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("KSTACK_REAL_NODE_WAIT must be a number of seconds, not " + v, e);
        }
    }

    /** Claims the machine and returns null, or returns the directory of the live cluster that holds it. */
    private static Path tryClaim(Path clusterDir) {
        Path owner = RealNodeLayout.ownerFile();
        try {
            Files.createDirectories(RealNodeLayout.RUN_DIR);
            try (FileChannel ch = FileChannel.open(RealNodeLayout.RUN_DIR.resolve("claim.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                // processes of another directory's real node, even with its owner file gone (a failed start's
                // cleanup removes the run folder): never claim, nor clean up after a dead owner, while they run
                Optional<Path> running = runningNodeOf(clusterDir);
                if (running.isPresent()) {
                    return running.get();
                }
                if (Files.isRegularFile(owner)) {
                    Path other = Path.of(Files.readString(owner).trim());
                    if (!other.equals(clusterDir) && holdsMachine(
                            LocalCluster.attach(other).map(LocalCluster::anyProcessAlive).orElse(false),
                            Files.getLastModifiedTime(owner).toInstant(), Instant.now())) {
                        return other;
                    }
                    if (!other.equals(clusterDir)) {
                        LOG.info("the real node of {} is gone; cleaning up after it", other);
                        new RealNodeHost(other).restore();
                    }
                }
                Files.writeString(owner, clusterDir + "\n");
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cluster directory of a dockerd or kubelet of a real node other than {@code clusterDir} running on this
     * machine, read from its command line ({@code --config-file=<dir>/node/daemon.json},
     * {@code --kubeconfig=<dir>/node/real-kubelet.kubeconfig}).
     */
    static Optional<Path> runningNodeOf(Path clusterDir) {
        Path self = RealNodeLayout.nodeDir(clusterDir).toAbsolutePath().normalize();
        return ProcessHandle.allProcesses().flatMap(p -> Arrays.stream(p.info().arguments().orElse(new String[0])))
                .map(a -> a.startsWith("--config-file=") && a.endsWith("/node/daemon.json")
                        ? a.substring("--config-file=".length())
                        : a.startsWith("--kubeconfig=") && a.endsWith("/node/real-kubelet.kubeconfig")
                                ? a.substring("--kubeconfig=".length()) : null)
                .filter(java.util.Objects::nonNull).map(f -> Path.of(f).toAbsolutePath().normalize().getParent())
                .filter(nodeDir -> !nodeDir.equals(self)).map(Path::getParent).findFirst();
    }

    void start(Path projectRoot) throws IOException {
        Path cache = Files.createDirectories(RealNodeLayout.cacheDir());
        for (String d : List.of("kubelet", "dockershim", "cni-ipam", "cni-cache", "volume-plugins", "dns", "volumes",
                "cni")) {
            Files.createDirectories(node.resolve(d));
        }
        writeKubeconfigs();
        startRegistry(cache);
        startDockerd(cache, projectRoot);
        launcher.waitFor("dockerd", Duration.ofSeconds(90), () -> docker("info").ok());
        launcher.waitFor("the registry", Duration.ofSeconds(60), () -> LocalCluster.Http.plainGet(
                java.net.URI.create("http://127.0.0.1:" + ports.get("registry") + "/v2/")) == 200);
        loadImages(projectRoot);
        startDnsmasq();
        startNodeServices();
        startKubeProxy();
        startKubelet();
    }

    private HostCommands.Result docker(String... args) {
        List<String> c = new ArrayList<>(List.of("docker", "-H", "unix://" + RealNodeLayout.dockerSocket()));
        c.addAll(List.of(args));
        return HostCommands.run(c);
    }

    private void writeKubeconfigs() throws IOException {
        java.net.URI api = java.net.URI.create("https://" + RealNodeLayout.NODE_IP + ":" + ports.get("kube-apiserver"));
        for (String user : List.of("real-kubelet", "real-kube-proxy", "real-node-services")) {
            Kubeconfigs.writeCertificateUser(node.resolve(user + ".kubeconfig"), "kstack-local", api, pki.crt("ca"),
                    pki.crt(user), pki.key(user), user);
        }
    }

    private void startRegistry(Path cache) throws IOException {
        Path config = node.resolve("registry.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log: {level: warn, accesslog: {disabled: true}}",
                "storage: {filesystem: {rootdirectory: " + cache.resolve("registry") + "}, delete: {enabled: true}}",
                "http: {addr: 127.0.0.1:" + ports.get("registry") + "}", ""));
        launcher.launch("registry", List.of("docker-registry", "serve", config.toString()));
    }

    private void startDockerd(Path cache, Path projectRoot) throws IOException {
        // Where root may not lower oom_score_adj, runc fails on dockershim's negative value: clamp it to 0.
        boolean clamp = !HostCommands.run("sh", "-c", "echo -1 > /proc/self/oom_score_adj").ok();
        String runtime = clamp
                ? "\"runtimes\": {\"kstack-runc\": {\"path\": \"" + projectRoot.resolve("scripts/real-node/runc-no-negative-oom")
                        + "\"}}, \"default-runtime\": \"kstack-runc\", \"oom-score-adjust\": 0,"
                : "";
        Path config = node.resolve("daemon.json");
        Files.writeString(config, "{\n  " + runtime + "\n"
                + "  \"hosts\": [\"unix://" + RealNodeLayout.dockerSocket() + "\"],\n"
                + "  \"data-root\": \"" + cache.resolve("docker") + "\",\n"
                + "  \"exec-root\": \"" + RealNodeLayout.RUN_DIR.resolve("docker") + "\",\n"
                + "  \"pidfile\": \"" + RealNodeLayout.RUN_DIR.resolve("docker.pid") + "\",\n"
                + "  \"bridge\": \"none\", \"iptables\": false, \"ip-masq\": false, \"ip-forward\": false,\n"
                + "  \"exec-opts\": [\"native.cgroupdriver=cgroupfs\"], \"storage-driver\": \"overlay2\",\n"
                + "  \"registry-mirrors\": [\"http://127.0.0.1:" + ports.get("registry") + "\"],\n"
                + "  \"log-driver\": \"json-file\", \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"2\"}\n}\n");
        launcher.launch("dockerd", List.of("dockerd", "--config-file=" + config));
    }

    private static boolean oomAdjustable() {
        return HostCommands.run("sh", "-c", "echo -1 > /proc/self/oom_score_adj").ok();
    }

    private void loadImages(Path projectRoot) {
        Path log = clusterDir.resolve("logs").resolve("images.log");
        String script = System.getProperty("kstack.images.script", System.getenv().getOrDefault("KSTACK_IMAGES_SCRIPT", ""));
        ProcessBuilder pb = new ProcessBuilder("bash", projectRoot.resolve("scripts/real-node/load-images.sh").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DOCKER_HOST", "unix://" + RealNodeLayout.dockerSocket());
        pb.environment().put("KSTACK_REGISTRY", "127.0.0.1:" + ports.get("registry"));
        pb.environment().put("KSTACK_NODE_CACHE", RealNodeLayout.cacheDir().toString());
        if (!script.isBlank()) {
            pb.environment().put("KSTACK_IMAGES_SCRIPT", Path.of(script).toAbsolutePath().toString());
        }
        try {
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("loading the images failed (exit " + rc + "):\n" + Logs.tail(log, 15));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading images", e);
        }
        if (!docker("image", "inspect", RealNodeLayout.PAUSE_IMAGE).ok()) {
            throw new IllegalStateException("the images' index has no " + RealNodeLayout.PAUSE_IMAGE
                    + " (the pod sandbox image)");
        }
    }

    private void startDnsmasq() {
        launcher.launch("dnsmasq", List.of("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
                "--no-hosts", "--bind-interfaces", "--listen-address=" + RealNodeLayout.NODE_IP, "--port=53",
                "--hostsdir=" + node.resolve("dns"), "--local=/" + RealNodeLayout.CLUSTER_DOMAIN + "/", "--domain-needed",
                "--user=root", "--pid-file=", "--log-facility=-"));
    }

    private void startNodeServices() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        launcher.launch("node-services", List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, "dev.kstack.testenv.realnode.NodeServicesMain",
                "--kubeconfig=" + node.resolve("real-node-services.kubeconfig"),
                "--hosts-file=" + node.resolve("dns").resolve("services"),
                "--volumes=" + node.resolve("volumes")));
    }

    private void startKubeProxy() {
        launcher.launch("kube-proxy", List.of(bin("kube-proxy"),
                "--kubeconfig=" + node.resolve("real-kube-proxy.kubeconfig"),
                "--hostname-override=" + RealNodeLayout.NODE_NAME,
                "--proxy-mode=iptables",
                "--cluster-cidr=" + RealNodeLayout.POD_CIDR,
                "--bind-address=" + RealNodeLayout.NODE_IP,
                "--metrics-bind-address=127.0.0.1:" + ports.get("kube-proxy-metrics"),
                "--healthz-bind-address=127.0.0.1:" + ports.get("kube-proxy-healthz"),
                "--conntrack-max-per-core=0", "--conntrack-tcp-timeout-established=0",
                "--conntrack-tcp-timeout-close-wait=0",
                "--oom-score-adj=" + (oomAdjustable() ? -999 : 0)));
    }

    private void startKubelet() throws IOException {
        Files.writeString(node.resolve("resolv.conf"), "");
        Files.writeString(node.resolve("cni").resolve("10-kstack.conflist"), """
                {
                  "cniVersion": "0.4.0",
                  "name": "kstack",
                  "plugins": [
                    { "type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false, "hairpinMode": true,
                      "ipam": { "type": "host-local", "dataDir": "%s",
                                "ranges": [[{ "subnet": "%s", "gateway": "%s" }]], "routes": [{ "dst": "0.0.0.0/0" }] } },
                    { "type": "portmap", "capabilities": { "portMappings": true } }
                  ]
                }
                """.formatted(RealNodeLayout.BRIDGE, node.resolve("cni-ipam"), RealNodeLayout.POD_CIDR,
                RealNodeLayout.NODE_IP));
        String dockerEndpoint = "unix://" + RealNodeLayout.dockerSocket();
        launcher.launch("kubelet", List.of(bin("kubelet"),
                "--kubeconfig=" + node.resolve("real-kubelet.kubeconfig"),
                "--hostname-override=" + RealNodeLayout.NODE_NAME,
                "--node-ip=" + RealNodeLayout.NODE_IP,
                "--address=" + RealNodeLayout.NODE_IP,
                "--port=" + ports.get("kubelet"),
                "--healthz-bind-address=127.0.0.1",
                "--healthz-port=" + ports.get("kubelet-healthz"),
                "--read-only-port=0",
                "--anonymous-auth=false",
                "--client-ca-file=" + pki.crt("ca"),
                "--authorization-mode=AlwaysAllow",
                "--tls-cert-file=" + pki.crt("real-kubelet-serving"),
                "--tls-private-key-file=" + pki.key("real-kubelet-serving"),
                "--root-dir=" + node.resolve("kubelet"),
                "--cert-dir=" + node.resolve("kubelet").resolve("pki"),
                "--volume-plugin-dir=" + node.resolve("volume-plugins"),
                "--container-runtime=docker",
                "--docker-endpoint=" + dockerEndpoint,
                "--container-runtime-endpoint=unix://" + RealNodeLayout.RUN_DIR.resolve("dockershim.sock"),
                "--experimental-dockershim-root-directory=" + node.resolve("dockershim"),
                "--pod-infra-container-image=" + RealNodeLayout.PAUSE_IMAGE,
                "--network-plugin=cni",
                "--cni-bin-dir=/usr/lib/cni",
                "--cni-conf-dir=" + node.resolve("cni"),
                "--cni-cache-dir=" + node.resolve("cni-cache"),
                "--pod-cidr=" + RealNodeLayout.POD_CIDR,
                "--cgroup-driver=cgroupfs",
                "--fail-swap-on=false",
                "--cluster-dns=" + RealNodeLayout.NODE_IP,
                "--cluster-domain=" + RealNodeLayout.CLUSTER_DOMAIN,
                "--resolv-conf=" + node.resolve("resolv.conf"),
                "--eviction-hard=memory.available<100Mi,nodefs.available<2%,imagefs.available<2%",
                "--image-gc-high-threshold=95", "--image-gc-low-threshold=90",
                "--oom-score-adj=" + (oomAdjustable() ? -999 : 0),
                "--v=1"));
    }

    private String bin(String name) {
        return binaries.resolve(name).toString();
    }
}
