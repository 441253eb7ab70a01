package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.server.ServingCa;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The webhook probe of {@code kstack status}: what it says when nothing listens or the bundle cannot be read. */
class RegisteredServersTest {
    private static final String BUNDLE = Base64.getEncoder()
            .encodeToString(ServingCa.generate().certificatePem().getBytes(StandardCharsets.US_ASCII));

    @Test
    void aPortNobodyListensOnIsReportedAsNoServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(RegisteredServers.tlsProblem(URI.create("https://127.0.0.1:" + port + "/convert"), BUNDLE))
                .hasValueSatisfying(p -> assertThat(p).startsWith("no TLS server answers at 127.0.0.1:" + port));
    }

    @Test
    void aServerThatSpeaksNoTlsIsReported() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            Thread accept = new Thread(() -> {
                try (var c = plain.accept()) {
                    c.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the probe went away
                }
            });
            accept.start();
            assertThat(RegisteredServers.tlsProblem(URI.create("https://127.0.0.1:" + plain.getLocalPort()), BUNDLE))
                    .hasValueSatisfying(p -> assertThat(p).startsWith("no TLS handshake with 127.0.0.1:" + plain.getLocalPort() + " that the caBundle trusts"));
            accept.join(5000);
        }
    }

    @Test
    void aBundleWithoutCertificatesIsNamed() {
        assertThat(RegisteredServers.tlsProblem(URI.create("https://127.0.0.1:1"), ""))
                .hasValueSatisfying(p -> assertThat(p).startsWith("its caBundle is unreadable"));
    }
}
