package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.CollisionCheck;
import dev.kstack.server.RotatingKeyManager;
import dev.kstack.server.ServingCertificates;
import dev.kstack.server.StackAdmission;
import dev.kstack.server.WebhookServer;
import dev.kstack.testenv.Await;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook server's certificate replaced while it runs, without a cluster: files rewritten on disk, and a
 * certificate the server issued itself renewed at two thirds of its lifetime. Seen by a client trusting the CA.
 */
class ServingCertificateRotationTest {
    private static final List<String> HOSTS = List.of("127.0.0.1", "localhost");

    @Test
    void newConnectionsGetTheCertificateWrittenToTheFilesAndAHalfWrittenPairIsNotServed(@TempDir Path dir)
            throws IOException {
        CertificateAuthority ca = CertificateAuthority.generate();
        ServingCertificates first = ca.issue(HOSTS, Duration.ofMinutes(10));
        Path crt = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        write(crt, key, first);
        // Checked before every handshake, so that each connection below shows what the files hold at that moment.
        RotatingKeyManager keys = RotatingKeyManager.watching(crt, key, Duration.ZERO);
        try (WebhookServer server = start(keys)) {
            X509Certificate served = ServedCertificate.of(server.port(), ca.certificatePem());
            assertThat(served.getSerialNumber()).isEqualTo(serial(first));

            // The certificate is renewed, its key not yet written: the old pair is still served.
            ServingCertificates second = ca.issue(HOSTS, Duration.ofMinutes(20));
            Files.writeString(crt, second.certificatePem());
            assertThat(ServedCertificate.of(server.port(), ca.certificatePem()).getSerialNumber())
                    .isEqualTo(serial(first));
            // Garbage in the key file: still the first pair.
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot base64\n");
            assertThat(ServedCertificate.of(server.port(), ca.certificatePem()).getSerialNumber())
                    .isEqualTo(serial(first));

            Files.writeString(key, second.privateKeyPem());
            X509Certificate renewed = ServedCertificate.of(server.port(), ca.certificatePem());
            assertThat(renewed.getSerialNumber()).isEqualTo(serial(second));
            assertThat(renewed.getNotAfter()).isAfter(served.getNotAfter());
            System.out.printf("FIGURE certificate files: serial %x (until %s) replaced by %x (until %s)"
                    + " without a restart%n", served.getSerialNumber(), served.getNotAfter().toInstant(),
                    renewed.getSerialNumber(), renewed.getNotAfter().toInstant());
        }
    }

    @Test
    void aSelfIssuedCertificateIsRenewedBeforeItExpires() throws IOException {
        CertificateAuthority ca = CertificateAuthority.generate();
        RotatingKeyManager keys = RotatingKeyManager.selfIssued(ca, HOSTS, Duration.ofSeconds(6));
        try (WebhookServer server = start(keys)) {
            X509Certificate first = ServedCertificate.of(server.port(), ca.certificatePem());
            Await.until(Duration.ofSeconds(60), "a renewed certificate", () ->
                    !ServedCertificate.of(server.port(), ca.certificatePem()).getSerialNumber()
                            .equals(first.getSerialNumber()));
            X509Certificate second = ServedCertificate.of(server.port(), ca.certificatePem());
            assertThat(second.getNotAfter()).isAfter(first.getNotAfter());
            assertThat(second.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        }
    }

    private static WebhookServer start(RotatingKeyManager keys) throws IOException {
        return WebhookServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), keys,
                new StackAdmission(new CollisionCheck((namespace, desired) -> java.util.Optional.empty())));
    }

    private static void write(Path crt, Path key, ServingCertificates tls) throws IOException {
        Files.writeString(crt, tls.certificatePem());
        Files.writeString(key, tls.privateKeyPem());
    }

    private static BigInteger serial(ServingCertificates tls) {
        try {
            return ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                    new java.io.ByteArrayInputStream(tls.certificatePem().getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII)))).getSerialNumber();
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
