package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.server.HttpsServers;
import dev.kstack.server.RotatingKeyManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS front of the API server, on the JDK's {@code HttpsServer} with a thread per request (watches and log
 * streams hold theirs): health, discovery, OpenAPI and the {@code stacks} resource with its subresources in the three
 * versions. Every request is authenticated ({@link Authenticator}) and, except health, discovery and OpenAPI,
 * authorized ({@link Authorizer}); failures are Kubernetes Status objects, and a request that fails for a reason
 * other than its input is a 500 that is logged.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY = 3 * 1024 * 1024;
    private static final long DEFAULT_WATCH_SECONDS = 1800;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final StackRegistry registry;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final Subresources subresources;
    private final Discovery discovery = new Discovery();
    private final OpenApi openApi;

    private ApiServer(HttpsServer server, ExecutorService executor, StackRegistry registry,
            Authenticator authenticator, Authorizer authorizer, Subresources subresources) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.subresources = subresources;
        this.openApi = OpenApi.build();
    }

    /**
     * Starts serving on {@code address} (port 0: a free one) with the serving key and the client CAs; each new
     * connection gets the certificate {@code keys} serves at that moment. Nagle's algorithm is off on its
     * connections ({@link HttpsServers}).
     */
    public static ApiServer start(InetSocketAddress address, RotatingKeyManager keys, ClientCertificates clients,
            StackRegistry registry, Authenticator authenticator, Authorizer authorizer, Subresources subresources)
            throws IOException {
        HttpsServer server = HttpsServers.create(address, 256);
        SSLContext context = keys.sslContext(new TrustManager[] {clients});
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setWantClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kstack-apiserver-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ApiServer api = new ApiServer(server, executor, registry, authenticator, authorizer, subresources);
        server.createContext("/", api::handle);
        server.start();
        LOG.info("serving compose.docker.com on https://{}:{}", address.getHostString(), api.port());
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange);
            } catch (ApiException e) {
                send(exchange, e.code(), e.status());
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                send(exchange, 500, ApiException.status(500, "InternalError", "Internal error occurred: "
                        + e.getMessage(), null, List.of()));
            }
        } catch (IOException e) {
            LOG.debug("the client went away: {}", e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
            sendText(exchange, 200, "ok");
            return;
        }
        StackAuthor user = authenticator.authenticate(clientCertificate(exchange), headers(exchange));
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/apis" -> sendRaw(exchange, 200, discovery.groupList());
            case "/apis/compose.docker.com" -> sendRaw(exchange, 200, discovery.group());
            case "/openapi/v2" -> sendOpenApi(exchange);
            default -> {
                if (!path.startsWith("/apis/compose.docker.com/")) {
                    throw new ApiException(404, "NotFound", "the server could not find the requested resource",
                            null, List.of());
                }
                ResourcePath p = ResourcePath.parse(path, method, query(exchange));
                if (p.resourceList()) {
                    sendRaw(exchange, 200, discovery.resources(p.version()));
                    return;
                }
                Authorizer.Attributes attributes = new Authorizer.Attributes(user, p.verb(), p.version(),
                        p.subresource(), p.namespace() == null ? "" : p.namespace(), p.name());
                if (!authorizer.allowed(attributes)) {
                    throw Authorizer.forbidden(attributes);
                }
                serve(exchange, p, user);
            }
        }
    }

    private void serve(HttpExchange exchange, ResourcePath p, StackAuthor user) throws IOException {
        Map<String, String> q = p.query();
        boolean dryRun = q.containsKey("dryRun");
        String v = p.version();
        String ns = p.namespace();
        if (!p.subresource().isEmpty() && !p.subresource().equals("status")) {
            subresources.serve(exchange, p, user, this);
            return;
        }
        String sub = p.subresource().isEmpty() ? null : p.subresource();
        switch (p.verb()) {
            case "get" -> sendObject(exchange, 200, registry.get(ns, p.name(), v), v);
            case "list" -> sendObject(exchange, 200, registry.list(ns, v, listOptions(q)), v);
            case "watch" -> watch(exchange, p);
            case "create" -> sendObject(exchange, 201, registry.create(ns, v, jsonBody(exchange), user, dryRun), v);
            case "update" -> sendObject(exchange, 200,
                    registry.update(ns, p.name(), v, sub, jsonBody(exchange), user, dryRun), v);
            case "patch" -> sendObject(exchange, 200, registry.patch(ns, p.name(), v, sub,
                    contentType(exchange), body(exchange), user, dryRun), v);
            case "delete" -> sendObject(exchange, 200, registry.delete(ns, p.name(), v,
                    deleteOptions(exchange, q), dryRun), v);
            case "deletecollection" -> sendObject(exchange, 200, registry.deleteCollection(ns, v, listOptions(q),
                    deleteOptions(exchange, q), dryRun), v);
            default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on "
                    + "the requested resource", null, List.of());
        }
    }

    private void watch(HttpExchange exchange, ResourcePath p) throws IOException {
        Map<String, String> q = p.query();
        long timeout = parseLong(q.getOrDefault("timeoutSeconds", ""), DEFAULT_WATCH_SECONDS);
        StackRegistry.ListOptions options = listOptions(q);
        String resourceVersion = q.getOrDefault("resourceVersion", "");
        boolean bookmarks = "true".equals(q.get("allowWatchBookmarks"));
        try (StackWatch watch = StackWatch.start(registry, p.namespace(), p.version(), options, resourceVersion,
                bookmarks)) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Transfer-Encoding", "chunked");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            while (System.nanoTime() < deadline) {
                ObjectNode event;
                try {
                    event = watch.next(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (event == null) {
                    continue;
                }
                if (StackWatch.isEnd(event)) {
                    return;
                }
                out.write((event.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /**
     * The OpenAPI document, as JSON only (406 for a client that takes only protobuf), with its ETag; 304 when the
     * client already has it (the aggregator sends {@code If-None-Match} with the last ETag it got).
     */
    private void sendOpenApi(HttpExchange exchange) throws IOException {
        if (!OpenApi.acceptsJson(exchange.getRequestHeaders().getFirst("Accept"))) {
            throw new ApiException(406, "NotAcceptable", "only " + OpenApi.MEDIA_TYPE + " is served at /openapi/v2",
                    null, List.of());
        }
        exchange.getResponseHeaders().set("ETag", openApi.etag());
        if (openApi.notModified(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            LOG.debug("OpenAPI document not modified (304)");
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        LOG.debug("OpenAPI document sent (200)");
        sendRaw(exchange, 200, openApi.json());
    }

    // ------------------------------------------------------------------------------------------- input

    static StackRegistry.ListOptions listOptions(Map<String, String> q) {
        return new StackRegistry.ListOptions(q.get("labelSelector"), q.get("fieldSelector"),
                parseLong(q.getOrDefault("limit", ""), 0), q.get("continue"));
    }

    private StackRegistry.DeleteOptions deleteOptions(HttpExchange exchange, Map<String, String> q) throws IOException {
        byte[] bytes = readBody(exchange);
        JsonNode body = bytes.length == 0 ? ObjectNodes.empty() : json(bytes);
        JsonNode preconditions = body.path("preconditions");
        String policy = q.getOrDefault("propagationPolicy", body.path("propagationPolicy").asText(""));
        if (body.path("orphanDependents").asBoolean(false) || "true".equals(q.get("orphanDependents"))) {
            policy = "Orphan";
        }
        return new StackRegistry.DeleteOptions(preconditions.path("uid").asText(""),
                preconditions.path("resourceVersion").asText(""), policy);
    }

    /**
     * The body of a create or update: JSON, sent as {@code application/json} (or without a Content-Type); other
     * media types (text/plain, YAML, protobuf) are refused with 415 before the body is read.
     */
    private JsonNode jsonBody(HttpExchange exchange) throws IOException {
        String type = contentType(exchange);
        if (!type.isEmpty() && !type.equals("application/json")) {
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format (\""
                    + type + "\"); accepted media types include: application/json", null, List.of());
        }
        return body(exchange);
    }

    JsonNode body(HttpExchange exchange) throws IOException {
        return json(readBody(exchange));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return StackJson.lenient().readTree(bytes);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + e.getMessage());
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return dev.kstack.server.RequestBodies.read(in, MAX_BODY).orElseThrow(() -> new ApiException(413,
                    "RequestEntityTooLarge", "the request body is larger than " + MAX_BODY + " bytes", null, List.of()));
        }
    }

    static String contentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static long parseLong(String value, long otherwise) {
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("not a number: \"" + value + "\"");
        }
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(key, value);
        }
        return out;
    }

    private static X509Certificate clientCertificate(HttpExchange exchange) {
        if (exchange instanceof HttpsExchange https) {
            try {
                Certificate[] chain = https.getSSLSession().getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
            } catch (SSLPeerUnverifiedException none) {
                return null;
            }
        }
        return null;
    }

    private static Authenticator.Headers headers(HttpExchange exchange) {
        return new Authenticator.Headers() {
            @Override
            public List<String> all(String name) {
                List<String> values = exchange.getRequestHeaders().get(name);
                return values == null ? List.of() : values;
            }

            @Override
            public Iterable<String> names() {
                return new ArrayList<>(exchange.getRequestHeaders().keySet());
            }
        };
    }

    // ------------------------------------------------------------------------------------------- output

    /** Sends an object or list, as a Table when the client asked for one ({@code Accept: ...;as=Table;...}). */
    void sendObject(HttpExchange exchange, int code, ObjectNode object, String version) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String tableVersion = tableVersion(accept);
        if (tableVersion != null && (object.path("kind").asText().equals(StackRegistry.LIST_KIND)
                || object.path("kind").asText().equals(dev.kstack.api.Stack.KIND))) {
            ObjectNode hubView = version.equals(Versions.V1ALPHA3) ? object : toHubView(object);
            String include = query(exchange).getOrDefault("includeObject", "Metadata");
            send(exchange, code, StackTable.of(hubView, tableVersion, include));
            return;
        }
        send(exchange, code, object);
    }

    private ObjectNode toHubView(ObjectNode object) {
        if (object.has("items")) {
            ObjectNode copy = object.deepCopy();
            com.fasterxml.jackson.databind.node.ArrayNode items = copy.putArray("items");
            object.path("items").forEach(i -> items.add(registry.toHub((ObjectNode) i, "")));
            return copy;
        }
        return registry.toHub(object, object.path("metadata").path("name").asText(""));
    }

    /** {@code v1} or {@code v1beta1} when the Accept header asks for a meta.k8s.io Table first; null otherwise. */
    static String tableVersion(String accept) {
        if (accept == null) {
            return null;
        }
        for (String part : accept.split(",")) {
            if (part.contains("as=Table") && part.contains("g=meta.k8s.io")) {
                return part.contains("v=v1beta1") ? "v1beta1" : "v1";
            }
        }
        return null;
    }

    static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        sendRaw(exchange, code, body.toString());
    }

    static void sendRaw(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendText(HttpExchange exchange, int code, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
