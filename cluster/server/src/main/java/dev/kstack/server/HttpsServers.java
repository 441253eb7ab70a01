package dev.kstack.server;

import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK HTTPS servers kstack's servers run on, with Nagle's algorithm off on their connections.
 *
 * <p>The JDK's HTTP server disables Nagle's algorithm only when the system property {@value #NO_DELAY_PROPERTY} is
 * true, and it reads the property once per JVM, when the first server is created. It writes a response's headers and
 * body as two TLS records: with Nagle's algorithm on, the body waits until the client has acknowledged the headers,
 * and the client's TCP stack delays that acknowledgement (on Linux by 40 ms or more). That wait was most of every
 * request kube-apiserver made to kstack (docs/benchmarks.md).
 */
public final class HttpsServers {
    public static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private HttpsServers() {
    }

    /**
     * A new server bound to {@code address}. Sets {@value #NO_DELAY_PROPERTY} to true unless it is set already;
     * effective unless a JDK HTTP server was created in this JVM before.
     */
    public static HttpsServer create(InetSocketAddress address, int backlog) throws IOException {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        return HttpsServer.create(address, backlog);
    }
}
