package dev.kstack.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A local etcd for the API server's stacks (for {@code kstack apiserver --local-etcd}, the run-local helper and
 * tests): Debian's {@code etcd} binary on free loopback ports with a data directory of its own. Stopping and
 * starting again on the same directory and port keeps every key.
 */
public final class EtcdProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final int PROGRESS_NOTIFY_SECONDS = 5;

    private final Path binary;
    private final Path dataDir;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdProcess(Path binary, Path dataDir, int clientPort, int peerPort) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /** Starts etcd ({@code binary}, e.g. {@code /usr/bin/etcd}) with its data in {@code dataDir}. */
    public static EtcdProcess start(Path binary, Path dataDir) {
        EtcdProcess etcd = new EtcdProcess(binary, dataDir, freePort(), freePort());
        etcd.restart();
        return etcd;
    }

    /** The etcd binary: {@code KSTACK_ETCD} if set, else {@code /usr/bin/etcd}. */
    public static Path defaultBinary() {
        String env = System.getenv("KSTACK_ETCD");
        return Path.of(env != null && !env.isBlank() ? env : "/usr/bin/etcd");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** (Re)starts the process on the same ports and data directory; waits until it accepts connections. */
    public synchronized void restart() {
        stop();
        try {
            Files.createDirectories(dataDir);
            String client = "http://127.0.0.1:" + clientPort;
            String peer = "http://127.0.0.1:" + peerPort;
            process = new ProcessBuilder(List.of(binary.toString(), "--name", "kstack-apiserver",
                    "--data-dir", dataDir.toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
                    "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                    "--initial-cluster", "kstack-apiserver=" + peer,
                    // progress notifications become watch BOOKMARKs; etcd's default is every 10 minutes
                    "--experimental-watch-progress-notify-interval=" + PROGRESS_NOTIFY_SECONDS + "s"))
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd (" + binary + "): " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see "
                        + dataDir.resolveSibling(dataDir.getFileName() + ".log"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("etcd did not listen on " + clientPort + " within " + READY_TIMEOUT);
    }

    /** Stops the process (the data stays). */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
