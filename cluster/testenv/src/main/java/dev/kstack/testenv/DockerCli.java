package dev.kstack.testenv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Docker CLI 20.10 (Debian's docker.io, unpacked by {@code scripts/provision-docker-cli.sh}) pointed at a
 * local cluster, for the compatibility tests: {@code docker stack deploy|ls|ps|rm --orchestrator=kubernetes}.
 *
 * <p>The CLI reaches kube-apiserver through {@code kubectl proxy} (plain HTTP on loopback), as it cannot present the
 * local cluster's client certificates itself. Each instance owns its proxy and a working folder; close it to stop the proxy.
 */
public final class DockerCli implements AutoCloseable {
    private static final Pattern PROXY_PORT = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)");

    private final Path docker;
    private final Path dir;
    private final Process proxy;
    private final int proxyPort;

    private DockerCli(Path docker, Path dir, Process proxy, int proxyPort) {
        this.docker = docker;
        this.dir = dir;
        this.proxy = proxy;
        this.proxyPort = proxyPort;
    }

    /** Provisions the CLI if needed and starts a proxy to {@code cluster}; {@code dir} holds its config and logs. */
    public static DockerCli start(LocalCluster cluster, Path dir) {
        Path docker = provision();
        try {
            Files.createDirectories(dir);
            Process proxy = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "proxy",
                    "--port=0").redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = PROXY_PORT.matcher(first == null ? "" : first);
            if (!m.find()) {
                proxy.destroy();
                throw new IllegalStateException("kubectl proxy did not announce its port: " + first);
            }
            return new DockerCli(docker, dir, proxy, Integer.parseInt(m.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The docker binary, from the provisioning script's cache. */
    public static Path provision() {
        Path script = ControlPlaneBinaries.projectRoot().resolve("scripts/provision-docker-cli.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/provision-docker-cli.sh failed");
            }
            return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A kubeconfig (written into the working folder) that reaches the cluster through the proxy, in {@code namespace}. */
    public Path kubeconfig(String namespace) {
        Path kubeconfig = dir.resolve("kubeconfig-" + namespace);
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: proxy, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: proxy, user: {}}]
                    contexts: [{name: proxy, context: {cluster: proxy, user: proxy, namespace: %s}}]
                    current-context: proxy
                    """.formatted(proxyPort, namespace));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kubeconfig;
    }

    /** What a docker command did: its exit code ({@code -1} when it did not finish in time) and its output. */
    public record Result(int exitCode, String output) {
    }

    /** Starts {@code docker args...} with {@code KUBECONFIG=kubeconfig}; its output goes to {@code log}. */
    public Process start(Path kubeconfig, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().put("KUBECONFIG", kubeconfig.toString());
        b.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
        b.environment().put("HOME", dir.toString());
        try {
            return b.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code docker args...} to its end (at most {@code timeout}; then it is killed and the exit code is -1). */
    public Result run(Path kubeconfig, Duration timeout, String... args) {
        Path log = dir.resolve("docker-" + args[1] + "-" + System.nanoTime() + ".log");
        Process p = start(kubeconfig, log, args);
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor();
            }
            return new Result(done ? p.exitValue() : -1, Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        proxy.destroy();
    }
}
