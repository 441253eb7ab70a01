package dev.kstack.cli;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Vert.x instance (event loops) behind the Kubernetes clients of a command, closed and waited for before the
 * process exits.
 *
 * <p>Left to itself the client creates a Vert.x instance per client and closes it without waiting, so an event loop
 * thread is still blocked in {@code epoll_wait} when {@code System.exit} runs. JDK 17's exit waits up to 300 ms for
 * threads in native code to return ({@code VM_Exit::wait_for_threads_in_native_to_block}): every cluster command took
 * 0.3 s longer than its work. {@link #close} lets the event loops end first. The options are the client's own
 * ({@code VertxHttpClientBuilder}): daemon threads, no file cache, the JDK's name resolution.
 */
final class SharedVertx {
    private static final String DISABLE_DNS_RESOLVER = "vertx.disableDnsResolver";
    private static Vertx vertx;

    private SharedVertx() {
    }

    /** A client factory on the shared instance (created on first use). */
    static synchronized HttpClient.Factory factory() {
        if (vertx == null) {
            vertx = create();
        }
        return new VertxHttpClientFactory(vertx);
    }

    /** Closes the shared instance, if there is one, and waits (at most the timeout) until its threads have ended. */
    static void close(Duration timeout) {
        Vertx closing;
        synchronized (SharedVertx.class) {
            closing = vertx;
            vertx = null;
        }
        if (closing == null) {
            return;
        }
        try {
            closing.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the process exits anyway; the JVM then waits for the event loops as it did before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Vertx create() {
        String before = System.getProperty(DISABLE_DNS_RESOLVER);
        System.setProperty(DISABLE_DNS_RESOLVER, "true");
        try {
            return Vertx.vertx(new VertxOptions()
                    .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                            .setClassPathResolvingEnabled(false))
                    .setUseDaemonThread(true));
        } finally {
            if (before == null) {
                System.clearProperty(DISABLE_DNS_RESOLVER);
            } else {
                System.setProperty(DISABLE_DNS_RESOLVER, before);
            }
        }
    }
}
