package dev.kstack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kstack.apiserver.ApiServiceManifests;
import dev.kstack.apiserver.ApiServiceRegistration;
import dev.kstack.server.InstallManifests;
import dev.kstack.server.InstallOptions;
import dev.kstack.server.ServingCertificates;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code install --run-local}: the Stack API registered against this machine's loopback address, with the kstack
 * server and controller running here as background processes. Everything lives in one folder per cluster
 * ({@link #defaultDir}): {@code state.properties} (ports), {@code tls/}, {@code <component>.pid} and
 * {@code <component>.log}. Installing again reuses the ports and certificates and starts only what is not running.
 */
final class RunLocal {
    static final String SERVER = "server";
    static final String CONTROLLER = "controller";
    static final String APISERVER = "apiserver";
    /** The namespace of the Service the APIServices name in apiserver mode. */
    static final String APISERVER_NAMESPACE = InstallCommand.DEFAULT_NAMESPACE;
    private static final String STATE = "state.properties";

    private final Path dir;
    private final LocalProcesses processes;
    private final PrintWriter out;

    RunLocal(Path dir, PrintWriter out) {
        this.dir = dir;
        this.processes = new LocalProcesses(dir);
        this.out = out;
    }

    /** {@code ${XDG_STATE_HOME:-~/.local/state}/kstack/run-local/<cluster>}. */
    static Path defaultDir(String clusterName) {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("kstack").resolve("run-local").resolve(clusterName.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    Path dir() {
        return dir;
    }

    /**
     * Starts what is not running, registers the API (CRD and webhooks at https://127.0.0.1:port) and waits until
     * both components are ready.
     *
     * @param environment variables the components need to reach the cluster (KUBECONFIG)
     */
    void install(KubernetesClient client, Map<String, String> environment, Duration timeout) {
        Properties state = readState();
        if (APISERVER.equals(state.getProperty("mode"))) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "kstack runs locally in apiserver mode for "
                    + "this cluster (state in " + dir + "); run 'kstack uninstall --run-local' first");
        }
        ServingCertificates tls = certificates();
        int serverPort = port(state, "server.port");
        int controllerPort = port(state, "controller.port");
        writeState(state);

        startIfNeeded(SERVER, List.of("server", "--bind=127.0.0.1", "--port=" + serverPort,
                "--tls-cert-file=" + dir.resolve("tls/tls.crt"), "--tls-key-file=" + dir.resolve("tls/tls.key"),
                "--tls-ca-file=" + dir.resolve("tls/ca.crt")), environment);
        await(timeout, "kstack server to listen on 127.0.0.1:" + serverPort, SERVER, () -> listening(serverPort));

        Applier applier = new Applier(client);
        for (HasMetadata object : InstallManifests.render(InstallOptions.runLocal(serverPort), tls)) {
            Installer.markInstalled(object, "run-local");
            out.println(applier.apply(object));
        }
        await(timeout, "the API server to serve " + StackCrd.NAME, SERVER, () -> Installer.stackApiServed(client));

        startController(environment, timeout, controllerPort);
        out.println("kstack server: https://127.0.0.1:" + serverPort + " (pid " + pid(SERVER) + "), log "
                + processes.log(SERVER));
        printController(controllerPort);
    }

    /**
     * Apiserver mode: starts {@code kstack apiserver} (with this machine's etcd, data in {@code <dir>/etcd}) and the
     * controller, registers the APIServices through a Service of type ExternalName {@code localhost} and waits until
     * the aggregator serves every version. Installing again keeps ports, certificates and stacks.
     */
    void installApiServer(KubernetesClient client, Map<String, String> environment, Duration timeout) {
        Properties state = readState();
        if (state.containsKey("server.port") && !APISERVER.equals(state.getProperty("mode"))) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "kstack runs locally in CRD mode for this "
                    + "cluster (state in " + dir + "); run 'kstack uninstall --run-local' first");
        }
        if (client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() != null) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "the cluster serves " + StackCrd.NAME
                    + " as a CRD; the aggregated API cannot take the group over (uninstall CRD mode with "
                    + "--delete-stacks first)");
        }
        state.setProperty("mode", APISERVER);
        int port = port(state, "apiserver.port");
        int controllerPort = port(state, "controller.port");
        ServingCertificates tls = certificates("tls-apiserver", ApiServiceManifests.servingHosts(APISERVER_NAMESPACE));
        writeState(state);

        Path tlsDir = dir.resolve("tls-apiserver");
        startIfNeeded(APISERVER, List.of("apiserver", "--bind=127.0.0.1", "--port=" + port,
                "--tls-cert-file=" + tlsDir.resolve("tls.crt"), "--tls-key-file=" + tlsDir.resolve("tls.key"),
                "--local-etcd=" + dir.resolve("etcd")), environment);
        await(timeout, "kstack apiserver to listen on 127.0.0.1:" + port, APISERVER, () -> listening(port));
        for (HasMetadata object : apiServerObjects(port, tls)) {
            Installer.markInstalled(object, "run-local");
            out.println(Applier.describe(object) + " "
                    + ApiServiceRegistration.apply(client, object, Applier.FIELD_MANAGER));
        }
        out.flush();
        await(timeout, "the aggregator to serve compose.docker.com", APISERVER,
                () -> ApiServiceRegistration.unavailable(client).isEmpty());
        startController(environment, timeout, controllerPort);
        out.println("kstack apiserver: https://127.0.0.1:" + port + " (pid " + pid(APISERVER) + "), etcd data in "
                + dir.resolve("etcd") + ", log " + processes.log(APISERVER));
        printController(controllerPort);
    }

    private void startController(Map<String, String> environment, Duration timeout, int controllerPort) {
        startIfNeeded(CONTROLLER, List.of("controller", "--http-address=127.0.0.1:" + controllerPort,
                "--identity=run-local-" + hostName(), "--lease-namespace=kube-system"), environment);
        await(timeout, "kstack controller to be ready", CONTROLLER, () -> ready(controllerPort));
    }

    private void printController(int controllerPort) {
        out.println("kstack controller: http://127.0.0.1:" + controllerPort + "/metrics (pid " + pid(CONTROLLER)
                + "), log " + processes.log(CONTROLLER));
    }

    /** True when the saved state is an apiserver-mode install. */
    boolean apiServerMode() {
        return APISERVER.equals(readState().getProperty("mode"));
    }

    private List<HasMetadata> apiServerObjects(int port, ServingCertificates tls) {
        return ApiServiceManifests.render(ApiServiceManifests.Options.runLocal(APISERVER_NAMESPACE, port),
                tls.caBundle());
    }

    /** Stops the components; returns what was stopped. */
    List<String> stop() {
        List<String> stopped = new ArrayList<>();
        for (String name : List.of(CONTROLLER, APISERVER, SERVER)) {
            if (processes.stop(name)) {
                stopped.add("kstack " + name + " stopped");
            }
        }
        return stopped;
    }

    /** The objects a run-local install registered (for uninstall), rendered from the saved port and TLS. */
    List<HasMetadata> registeredObjects() {
        return registeredObjects(apiServerMode());
    }

    /** What a run-local install of that mode registers (ports and TLS as saved, if any). */
    List<HasMetadata> registeredObjects(boolean apiServer) {
        Properties state = readState();
        if (apiServer) {
            return apiServerObjects(Integer.parseInt(state.getProperty("apiserver.port", "1")),
                    certificates("tls-apiserver", ApiServiceManifests.servingHosts(APISERVER_NAMESPACE)));
        }
        int port = Integer.parseInt(state.getProperty("server.port", "1"));
        return InstallManifests.render(InstallOptions.runLocal(port), certificates());
    }

    private void startIfNeeded(String name, List<String> args, Map<String, String> environment) {
        var running = processes.running(name);
        if (running.isPresent()) {
            out.println("kstack " + name + " already running (pid " + running.get().pid() + ")");
            return;
        }
        ProcessHandle p = processes.start(name, args, environment);
        out.println("kstack " + name + " started (pid " + p.pid() + ")");
        out.flush();
    }

    private void await(Duration timeout, String what, String component, java.util.function.BooleanSupplier ok) {
        boolean done = Waits.until(timeout, () -> {
            if (processes.running(component).isEmpty()) {
                throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "kstack " + component
                        + " exited; the end of " + processes.log(component) + ":\n" + processes.tail(component, 15));
            }
            return ok.getAsBoolean();
        });
        if (!done) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "timed out after "
                    + DurationConverter.format(timeout) + " waiting for " + what + "; see " + processes.log(component));
        }
    }

    private long pid(String name) {
        return processes.running(name).map(ProcessHandle::pid).orElse(-1L);
    }

    private ServingCertificates certificates() {
        return certificates("tls", List.of("127.0.0.1", "localhost"));
    }

    /** The certificates saved in {@code <dir>/<folder>}, or new ones for {@code hosts} (saved). */
    private ServingCertificates certificates(String folder, List<String> hosts) {
        Path tlsDir = dir.resolve(folder);
        Path ca = tlsDir.resolve("ca.crt");
        Path cert = tlsDir.resolve("tls.crt");
        Path key = tlsDir.resolve("tls.key");
        if (Files.isRegularFile(ca) && Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return ServingCertificates.read(ca, cert, key);
        }
        ServingCertificates tls = ServingCertificates.generate(hosts);
        try {
            Files.createDirectories(tlsDir);
            Files.writeString(ca, tls.caPem());
            Files.writeString(cert, tls.certificatePem());
            Files.writeString(key, tls.privateKeyPem());
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tlsDir + ": " + e.getMessage(), e);
        }
        return tls;
    }

    private Properties readState() {
        Properties p = new Properties();
        Path file = dir.resolve(STATE);
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private void writeState(Properties p) {
        try {
            Files.createDirectories(dir);
            try (var w = Files.newBufferedWriter(dir.resolve(STATE))) {
                p.store(w, "kstack install --run-local");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved port, or a free one (saved), so a reinstall keeps the webhook URLs. */
    private static int port(Properties state, String key) {
        String saved = state.getProperty(key);
        if (saved != null) {
            return Integer.parseInt(saved);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            state.setProperty(key, String.valueOf(s.getLocalPort()));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * The environment that makes the components talk to the same cluster as this command: KUBECONFIG naming the
     * kubeconfig given with {@code --kubeconfig}, and with {@code --context}, a copy of it in {@code dir} whose
     * current context is that one.
     */
    static Map<String, String> environment(Path dir, Path kubeconfig, String context) {
        Map<String, String> env = new HashMap<>();
        Path source = kubeconfig != null ? kubeconfig.toAbsolutePath() : null;
        if (source == null && context != null) {
            String fromEnv = System.getenv("KUBECONFIG");
            source = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv.split(java.io.File.pathSeparator)[0])
                    : Path.of(System.getProperty("user.home"), ".kube", "config");
        }
        if (source == null) {
            return env;
        }
        if (context == null) {
            env.put("KUBECONFIG", source.toString());
            return env;
        }
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            @SuppressWarnings("unchecked")
            Map<String, Object> config = yaml.readValue(source.toFile(), LinkedHashMap.class);
            config.put("current-context", context);
            Files.createDirectories(dir);
            Path copy = dir.resolve("kubeconfig");
            yaml.writeValue(copy.toFile(), config);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            env.put("KUBECONFIG", copy.toString());
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
