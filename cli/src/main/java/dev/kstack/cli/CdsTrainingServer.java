package dev.kstack.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kstack.server.ServingCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The API server {@link CdsTraining}'s cluster commands talk to: HTTPS on a free loopback port, answering
 * {@code /version}, a list of one Stack, and 404 for anything else, so that a whole request (TLS handshake, HTTP,
 * JSON reading) is recorded into the archive. It stands in for no real behaviour of kube-apiserver beyond that.
 */
final class CdsTrainingServer implements AutoCloseable {
    private static final String VERSION = """
            {"major": "1", "minor": "20", "gitVersion": "v1.20.2", "platform": "linux/amd64"}""";
    private static final String STACKS = """
            {"apiVersion": "compose.docker.com/v1alpha3", "kind": "StackList", "metadata": {"resourceVersion": "1"},
             "items": [{"apiVersion": "compose.docker.com/v1alpha3", "kind": "Stack",
               "metadata": {"name": "training", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z"},
               "spec": {"services": [{"name": "web", "image": "nginx:1.27",
                 "ports": [{"target": 80, "published": 8080, "protocol": "tcp"}]}]},
               "status": {"phase": "Available", "message": "Stack is started"}}]}""";
    private static final String NOT_FOUND = """
            {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}""";

    private final HttpsServer server;

    CdsTrainingServer(ServingCertificates certificates) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificates.sslContext()));
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = path.equals("/version") ? VERSION : path.endsWith("/stacks") ? STACKS : NOT_FOUND;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == NOT_FOUND ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
