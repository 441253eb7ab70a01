package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Pki;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kubelet endpoint over real HTTPS, with PEM files made by a test CA and pods from a map. */
class KubeletServerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:30Z");
    private static final Map<String, Pod> PODS = new ConcurrentHashMap<>();
    private static KubeletServer server;
    private static HttpClient http;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Pki.Issued ca = Pki.newCa("test-ca", Duration.ofDays(1));
        Pki.newServerCert(ca, "kubelet", List.of("127.0.0.1"), Duration.ofDays(1)).write(dir, "kubelet");
        PodDirectory directory = (namespace, name) -> Optional.ofNullable(PODS.get(namespace + "/" + name));
        server = new KubeletServer(new InetSocketAddress("127.0.0.1", 0),
                PemTls.serverContext(dir.resolve("kubelet.crt"), dir.resolve("kubelet.key")), directory,
                Duration.ofMillis(50), Clock.fixed(NOW, ZoneOffset.UTC));
        http = HttpClient.newBuilder().sslContext(trusting(ca)).build();
        PODS.put("ns/web", running(TestPods.pod("web", Map.of(ContainerLog.LOG_ANNOTATION, "one\ntwo")).build()));
        PODS.put("ns/pulling", TestPods.pod("pulling"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A body written {@code a\\nb} in the table stands for two lines. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/healthz                                      | 200 | ok",
            "/containerLogs/ns/web/main?tailLines=2        | 200 | one\\ntwo",
            "/containerLogs/ns/web/main?tailLines=1&timestamps=true | 200 | 2026-01-01T10:00:00Z two",
            "/containerLogs/ns/web/main?limitBytes=13      | 200 | kstack node s",
            "/containerLogs/ns/web/main?sinceSeconds=10    | 200 | ''",
            "/containerLogs/ns/web/main?tailLines=many     | 400 | tailLines is not a number: many",
            "/containerLogs/ns/web/main?previous=true      | 400 | previous terminated container \"main\" in pod \"web\" not found",
            "/containerLogs/ns/pulling/main                | 400 | container \"main\" in pod \"pulling\" is waiting to start: ContainerCreating",
            "/containerLogs/ns/gone/main                   | 404 | pod \"gone\" in namespace \"ns\" not found",
            "/containerLogs/ns/web/sidecar                 | 404 | container \"sidecar\" not found in pod \"web\"",
            "/containerLogs/ns/web                         | 404 | not found: expected /containerLogs/{namespace}/{pod}/{container}",
    })
    void answersLikeAKubelet(String path, int status, String body) throws Exception {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body().strip()).isEqualTo(body.replace("\\n", "\n").strip());
    }

    @Test
    void theWholeLogStartsWithTheSimulatedLine() throws Exception {
        List<String> lines = get("/containerLogs/ns/web/main").body().lines().toList();

        assertThat(lines).containsExactly(
                "kstack node simulator: container main of pod ns/web (image nginx:1.25) is SIMULATED; no process runs",
                "one", "two");
    }

    @Test
    void aFollowedLogGrowsUntilThePodGoesAway() throws Exception {
        PODS.put("ns/followed", running(TestPods.pod("followed")));
        HttpResponse<InputStream> response = http.send(request("/containerLogs/ns/followed/main?follow=true"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).contains("is SIMULATED");
            assertThat(reader.readLine()).endsWith("is still simulated (tick 1)");
            assertThat(reader.readLine()).endsWith("is still simulated (tick 2)");

            PODS.remove("ns/followed");

            String line;
            do {
                line = reader.readLine();
            } while (line != null);
        }
    }

    private static Pod running(Pod pod) {
        Pod started = new PodBuilder(pod).withNewStatus().withStartTime("2026-01-01T10:00:00Z").endStatus().build();
        return new PodBuilder(started).withStatus(new PodStatusSimulation(Duration.ZERO, Duration.ofSeconds(10))
                .desired(started, NOW, "10.244.0.9").status()).build();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static SSLContext trusting(Pki.Issued ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
