package dev.kstack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kstack.apiserver.ApiServiceManifests;
import dev.kstack.apiserver.ApiServiceRegistration;
import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.InstallManifests;
import dev.kstack.server.InstallOptions;
import dev.kstack.server.ServingCertificates;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code install --run-local}: the Stack API registered against this machine's loopback address, with the kstack
 * server and controller running here as background processes. Everything lives in one folder per cluster
 * ({@link #defaultDir}): {@code state.properties} (ports), {@code tls/} (or {@code tls-apiserver/}: the CA the
 * registrations trust, {@code ca.crt} and {@code ca.key}), {@code <component>.pid} and {@code <component>.log}.
 * Installing again reuses the ports and the CA and starts only what is not running.
 *
 * <p>The server issues its own serving certificates from that CA ({@code --self-signed} with
 * {@code --tls-ca-key-file}) and renews them while it runs. The CA (ten years) is renewed by the install that finds
 * two thirds of its lifetime gone: it registers the new CA next to the old one, then restarts the server.
 */
final class RunLocal {
    static final String SERVER = "server";
    static final String CONTROLLER = "controller";
    static final String APISERVER = "apiserver";
    /** The namespace of the Service the APIServices name in apiserver mode. */
    static final String APISERVER_NAMESPACE = InstallCommand.DEFAULT_NAMESPACE;
    private static final String STATE = "state.properties";
    private static final String SERVER_TLS = "tls";
    private static final String APISERVER_TLS = "tls-apiserver";
    private static final String CA_CRT = "ca.crt";
    private static final String CA_KEY = "ca.key";
    private static final List<String> SERVER_HOSTS = List.of("127.0.0.1", "localhost");

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
    void install(KubernetesClient client, Map<String, String> environment, Duration timeout,
            Duration certificateLifetime) {
        Properties state = readState();
        if (APISERVER.equals(state.getProperty("mode"))) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "kstack runs locally in apiserver mode for "
                    + "this cluster (state in " + dir + "); run 'kstack uninstall --run-local' first");
        }
        KeptCa ca = keptCa(SERVER_TLS);
        int serverPort = port(state, "server.port");
        int controllerPort = port(state, "controller.port");
        writeState(state);
        Runnable register = () -> {
            Applier applier = new Applier(client);
            for (HasMetadata object : InstallManifests.render(InstallOptions.runLocal(serverPort),
                    ServingCertificates.trusting(ca.bundlePem()))) {
                Installer.markInstalled(object, "run-local");
                out.println(applier.apply(object));
            }
        };
        restartForNewCa(ca, SERVER, register);

        startIfNeeded(SERVER, List.of("server", "--bind=127.0.0.1", "--port=" + serverPort,
                "--self-signed=" + String.join(",", SERVER_HOSTS)), SERVER_TLS, certificateLifetime, environment);
        await(timeout, "kstack server to listen on 127.0.0.1:" + serverPort, SERVER, () -> listening(serverPort));

        register.run();
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
    void installApiServer(KubernetesClient client, Map<String, String> environment, Duration timeout,
            Duration certificateLifetime) {
        Properties state = readState();
        if (state.containsKey("server.port") && !APISERVER.equals(state.getProperty("mode"))) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "kstack runs locally in CRD mode for this "
                    + "cluster (state in " + dir + "); run 'kstack uninstall --run-local' first");
        }
        state.setProperty("mode", APISERVER);
        int port = port(state, "apiserver.port");
        int controllerPort = port(state, "controller.port");
        KeptCa ca = keptCa(APISERVER_TLS);
        writeState(state);
        Runnable register = () -> {
            for (HasMetadata object : apiServerObjects(port, ca.bundlePem())) {
                Installer.markInstalled(object, "run-local");
                out.println(Applier.describe(object) + " "
                        + ApiServiceRegistration.apply(client, object, Applier.FIELD_MANAGER));
            }
            out.flush();
        };
        restartForNewCa(ca, APISERVER, register);

        startIfNeeded(APISERVER, List.of("apiserver", "--bind=127.0.0.1", "--port=" + port,
                "--self-signed=" + String.join(",", ApiServiceManifests.servingHosts(APISERVER_NAMESPACE)),
                "--local-etcd=" + dir.resolve("etcd")), APISERVER_TLS, certificateLifetime, environment);
        await(timeout, "kstack apiserver to listen on 127.0.0.1:" + port, APISERVER, () -> listening(port));
        register.run();
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

    private List<HasMetadata> apiServerObjects(int port, String caPem) {
        return ApiServiceManifests.render(ApiServiceManifests.Options.runLocal(APISERVER_NAMESPACE, port),
                ServingCertificates.trusting(caPem).caBundle());
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
                    registeredCa(APISERVER_TLS));
        }
        int port = Integer.parseInt(state.getProperty("server.port", "1"));
        return InstallManifests.render(InstallOptions.runLocal(port),
                ServingCertificates.trusting(registeredCa(SERVER_TLS)));
    }

    /** Starts a server that issues its certificates from the CA kept in {@code <dir>/<tlsFolder>}. */
    private void startIfNeeded(String name, List<String> args, String tlsFolder, Duration certificateLifetime,
            Map<String, String> environment) {
        Path tlsDir = dir.resolve(tlsFolder);
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--tls-ca-file=" + tlsDir.resolve(CA_CRT), "--tls-ca-key-file=" + tlsDir.resolve(CA_KEY),
                "--tls-certificate-lifetime=" + certificateLifetime.toSeconds()));
        startIfNeeded(name, all, environment);
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

    /**
     * The CA the registrations trust.
     *
     * @param bundlePem what the registrations trust: the CA, and after a renewal the previous CA too, which the
     *     running server's certificate still comes from until it is restarted
     * @param renewed whether this install made the CA (first install, CA due for renewal, or an install from before
     *     the servers issued their own certificates)
     */
    private record KeptCa(CertificateAuthority ca, String bundlePem, boolean renewed) {
    }

    /** The CA kept in {@code <dir>/<folder>}, or a new one (saved) when there is none or it is due for renewal. */
    private KeptCa keptCa(String folder) {
        Path tlsDir = dir.resolve(folder);
        Path crt = tlsDir.resolve(CA_CRT);
        Optional<CertificateAuthority> kept = CertificateAuthority.read(crt, tlsDir.resolve(CA_KEY));
        if (kept.isPresent() && !kept.get().dueForRenewal(Instant.now())) {
            return new KeptCa(kept.get(), kept.get().certificatePem(), false);
        }
        String previous = Files.isRegularFile(crt) ? readCertificate(crt) : "";
        CertificateAuthority fresh = CertificateAuthority.generate();
        fresh.write(crt, tlsDir.resolve(CA_KEY));
        try {
            // the serving files of installs from before the servers issued their own certificates
            Files.deleteIfExists(tlsDir.resolve("tls.crt"));
            Files.deleteIfExists(tlsDir.resolve("tls.key"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + tlsDir + ": " + e.getMessage(), e);
        }
        if (kept.isPresent()) {
            out.println("the CA in " + crt + " expires at " + kept.get().notAfter() + ": made a new one, valid until "
                    + fresh.notAfter());
        }
        return new KeptCa(fresh, fresh.certificatePem() + previous, true);
    }

    /**
     * After the CA was renewed, a server still running serves a certificate of the old one: the registrations are
     * made to trust both, then the server is stopped so that it starts again on the new CA.
     */
    private void restartForNewCa(KeptCa ca, String component, Runnable register) {
        if (ca.renewed() && processes.running(component).isPresent()) {
            register.run();
            processes.stop(component);
            out.println("kstack " + component + " stopped to serve certificates of the new CA");
            out.flush();
        }
    }

    /** The CA text the registrations name (for uninstall and dry runs); a new CA only when there is none. */
    private String registeredCa(String folder) {
        Path crt = dir.resolve(folder).resolve(CA_CRT);
        return Files.isRegularFile(crt) ? readCertificate(crt) : keptCa(folder).bundlePem();
    }

    /** The PEM text of a certificate file, or "" when it holds no certificate. */
    private static String readCertificate(Path file) {
        try {
            String pem = Files.readString(file);
            CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return pem;
        } catch (IOException | CertificateException | RuntimeException unusable) {
            return "";
        }
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
