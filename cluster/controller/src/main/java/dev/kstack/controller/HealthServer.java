package dev.kstack.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Serves {@code /healthz}, {@code /readyz} (200 or 503 with the reason) and Prometheus {@code /metrics}. */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "kstack-http");
        t.setDaemon(true);
        return t;
    });

    HealthServer(String host, int port, BooleanSupplier live, Supplier<String> notReadyReason,
            Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        server.createContext("/healthz", ex -> reply(ex, live.getAsBoolean() ? 200 : 503,
                live.getAsBoolean() ? "ok" : "shutting down", "text/plain"));
        server.createContext("/readyz", ex -> {
            String reason = notReadyReason.get();
            reply(ex, reason.isEmpty() ? 200 : 503, reason.isEmpty() ? "ok" : reason, "text/plain");
        });
        server.createContext("/metrics", ex -> reply(ex, 200, metrics.get(), "text/plain; version=0.0.4"));
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int code, String body, String type) throws IOException {
        byte[] bytes = (body.endsWith("\n") ? body : body + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
