package dev.kstack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kstack server: HTTPS endpoints that the API server calls.
 * <ul>
 *   <li>{@value StackCrd#CONVERT_PATH}: the CRD conversion webhook;</li>
 *   <li>{@value #MUTATE_PATH}: records the author of every create and update;</li>
 *   <li>{@value #VALIDATE_PATH}: validation, dry-run conversion and the collision check;</li>
 *   <li>{@code /healthz}, {@code /readyz}: probes.</li>
 * </ul>
 * Built on the JDK's HttpsServer: the requests are small JSON documents and the API server is the only client.
 */
public final class WebhookServer implements AutoCloseable {
    public static final String MUTATE_PATH = "/mutate";
    public static final String VALIDATE_PATH = "/validate";
    /** Requests larger than this are refused (a Stack object is bounded by etcd's 1.5 MiB anyway). */
    static final int MAX_BODY = 8 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpsServer server;
    private final ExecutorService executor;

    private WebhookServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code address} (port 0 picks a free port) with the given certificate, never replaced. */
    public static WebhookServer start(InetSocketAddress address, ServingCertificates tls, StackAdmission admission)
            throws IOException {
        return start(address, RotatingKeyManager.fixed(tls), admission);
    }

    /**
     * Starts serving on {@code address} (port 0 picks a free port); each new connection gets the certificate that
     * {@code keys} serves at that moment (see {@link RotatingKeyManager#watching} and
     * {@link RotatingKeyManager#selfIssued}). Nagle's algorithm is off on its connections ({@link HttpsServers}).
     */
    public static WebhookServer start(InetSocketAddress address, RotatingKeyManager keys, StackAdmission admission)
            throws IOException {
        HttpsServer server = HttpsServers.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(keys.sslContext(null)));
        server.createContext(StackCrd.CONVERT_PATH, exchange -> json(exchange, ConversionReviewHandler::review));
        server.createContext(MUTATE_PATH, exchange -> json(exchange,
                review -> admission(review, AuthorMutation::review)));
        server.createContext(VALIDATE_PATH, exchange -> json(exchange,
                review -> admission(review, admission::review)));
        server.createContext("/healthz", WebhookServer::ok);
        server.createContext("/readyz", WebhookServer::ok);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "kstack-webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("kstack server listening on https://{}:{}", address.getHostString(), server.getAddress().getPort());
        return new WebhookServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private static JsonNode admission(JsonNode review, Function<AdmissionRequest, AdmissionResponse> handler) {
        AdmissionRequest request = AdmissionRequest.of(review);
        AdmissionResponse response = request.writes() && !request.isStack()
                ? new AdmissionResponse.Refused("the kstack webhooks admit compose.docker.com Stacks only (versions "
                        + String.join(", ", StackCrd.VERSIONS) + "), not " + request.object().path("apiVersion")
                        .asText("(no apiVersion)") + " " + request.object().path("kind").asText("(no kind)"), 400)
                : handler.apply(request);
        if (response instanceof AdmissionResponse.Refused r) {
            LOG.info("refused {} of stack {}/{} by {}: {}", request.operation(), request.namespace(), request.name(),
                    request.author().userName(), r.message());
        }
        return response.toReview(request.uid());
    }

    private static void json(HttpExchange exchange, Function<JsonNode, JsonNode> handler) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "use POST\n");
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                java.util.Optional<byte[]> body = RequestBodies.read(in, MAX_BODY);
                if (body.isEmpty()) {
                    send(exchange, 413, "text/plain", "request body larger than " + MAX_BODY + " bytes\n");
                    return;
                }
                request = JSON.readTree(body.get());
            } catch (IOException e) {
                send(exchange, 400, "text/plain", "the body is not JSON: " + e.getMessage() + "\n");
                return;
            }
            try {
                send(exchange, 200, "application/json", JSON.writeValueAsString(handler.apply(request)));
            } catch (IllegalArgumentException e) {
                // a review this server cannot read: the caller's mistake, not the server's
                LOG.info("refused a malformed review at {}: {}", exchange.getRequestURI(), e.getMessage());
                send(exchange, 400, "text/plain", e.getMessage() + "\n");
            } catch (RuntimeException e) {
                LOG.warn("cannot answer {}", exchange.getRequestURI(), e);
                send(exchange, 400, "text/plain", e.getMessage() + "\n");
            }
        }
    }

    private static void ok(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "text/plain", "ok\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
