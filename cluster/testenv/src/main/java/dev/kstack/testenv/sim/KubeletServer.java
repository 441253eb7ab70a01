package dev.kstack.testenv.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the kubelet's HTTPS API that kube-apiserver calls for {@code pods/log}:
 * {@code GET /containerLogs/{namespace}/{pod}/{container}}, plus {@code /healthz}.
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);
    private static final String LOGS_PREFIX = "/containerLogs/";

    private final HttpsServer server;
    private final ExecutorService executor;
    private final PodDirectory pods;
    private final Duration followInterval;
    private final Clock clock;

    public KubeletServer(InetSocketAddress address, SSLContext tls, PodDirectory pods, Duration followInterval,
                         Clock clock) throws IOException {
        this.pods = Objects.requireNonNull(pods, "pods");
        this.followInterval = Objects.requireNonNull(followInterval, "followInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "kubelet-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpsServer.create(address, 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/healthz", this::healthz);
        server.createContext(LOGS_PREFIX, this::containerLogs);
        server.start();
        LOG.info("kubelet endpoint (simulated) listening on https://{}:{}", server.getAddress().getHostString(),
                server.getAddress().getPort());
    }

    /** The port actually bound (useful when port 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void healthz(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, 200, "ok");
        }
    }

    private void containerLogs(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "method not allowed");
                return;
            }
            URI uri = exchange.getRequestURI();
            List<String> parts = List.of(uri.getPath().substring(LOGS_PREFIX.length()).split("/", -1));
            if (parts.size() != 3 || parts.stream().anyMatch(String::isEmpty)) {
                respond(exchange, 404, "not found: expected /containerLogs/{namespace}/{pod}/{container}");
                return;
            }
            Instant now = clock.instant();
            LogRequest request;
            try {
                request = LogRequest.parse(uri.getRawQuery(), now);
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, e.getMessage());
                return;
            }
            String namespace = parts.get(0);
            String podName = parts.get(1);
            Optional<Pod> pod = pods.find(namespace, podName);
            if (pod.isEmpty()) {
                respond(exchange, 404, "pod \"" + podName + "\" in namespace \"" + namespace + "\" not found");
                return;
            }
            Optional<ContainerLog.Source> container = ContainerLog.container(pod.get(), parts.get(2));
            if (container.isEmpty()) {
                respond(exchange, 404, "container \"" + parts.get(2) + "\" not found in pod \"" + podName + "\"");
                return;
            }
            Optional<String> unavailable = ContainerLog.unavailable(pod.get(), container.get(), request.previous());
            if (unavailable.isPresent()) {
                respond(exchange, 400, unavailable.get());
                return;
            }
            stream(exchange, pod.get(), container.get(), request, now);
        }
    }

    private void stream(HttpExchange exchange, Pod pod, ContainerLog.Source container, LogRequest request,
                        Instant now) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        LimitedWriter out = new LimitedWriter(exchange.getResponseBody(), request.limitBytes());
        try {
            for (ContainerLog.Line line : ContainerLog.select(ContainerLog.history(pod, container, now), request)) {
                if (!out.write(ContainerLog.render(line, request.timestamps()))) {
                    return;
                }
            }
            out.flush();
            if (!request.follow() || request.previous()) {
                return;
            }
            String uid = pod.getMetadata().getUid();
            for (long tick = 1; stillThere(pod, uid); tick++) {
                Thread.sleep(followInterval.toMillis());
                if (!stillThere(pod, uid)) {
                    return;
                }
                ContainerLog.Line line = ContainerLog.followLine(container, tick, clock.instant());
                if (!out.write(ContainerLog.render(line, request.timestamps()))) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("log stream of {}/{} ended: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stillThere(Pod pod, String uid) {
        return pods.find(pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                .filter(p -> Objects.equals(uid, p.getMetadata().getUid()))
                .isPresent();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Writes text until a byte limit is reached (negative: no limit). */
    private static final class LimitedWriter {
        private final OutputStream out;
        private long remaining;

        LimitedWriter(OutputStream out, long limit) {
            this.out = out;
            this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
        }

        /** Writes what fits of {@code text}; false once the limit is reached and nothing more should be sent. */
        boolean write(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int length = (int) Math.min(bytes.length, remaining);
            out.write(bytes, 0, length);
            remaining -= length;
            return remaining > 0;
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
