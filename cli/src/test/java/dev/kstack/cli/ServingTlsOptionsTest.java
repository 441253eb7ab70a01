package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.RotatingKeyManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The serving TLS options of {@code kstack server} and {@code kstack apiserver}, without starting a server. */
class ServingTlsOptionsTest {
    @CommandLine.Command(name = "serve")
    static final class Serve {
        @CommandLine.Mixin
        ServingTlsOptions tls;
    }

    private static RotatingKeyManager keys(String... args) {
        Serve serve = new Serve();
        CommandLine cli = new CommandLine(serve);
        cli.parseArgs(args);
        return serve.tls.keys(cli);
    }

    @Test
    void aKeptCaIsWrittenOnceAndSignsCertificatesOfTheAskedLifetime(@TempDir Path dir) throws Exception {
        Path crt = dir.resolve("tls/ca.crt");
        Path key = dir.resolve("tls/ca.key");
        String[] args = {"--self-signed", "127.0.0.1,localhost", "--tls-ca-file", crt.toString(),
            "--tls-ca-key-file", key.toString(), "--tls-certificate-lifetime", "2h"};

        RotatingKeyManager first = keys(args);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        X509Certificate ca = CertificateAuthority.read(crt, key).orElseThrow().certificate();
        X509Certificate served = first.servedCertificate();
        served.verify(ca.getPublicKey());
        assertThat(served.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(ca.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3640)));

        // A restart: the same CA, so the caBundle registered for kube-apiserver still holds.
        RotatingKeyManager second = keys(args);
        assertThat(second.caBundle()).isEqualTo(first.caBundle());
        second.servedCertificate().verify(ca.getPublicKey());
        assertThat(second.servedCertificate().getSerialNumber()).isNotEqualTo(served.getSerialNumber());
    }

    @Test
    void withoutAKeyFileTheCaIsNewAtEveryStart(@TempDir Path dir) throws Exception {
        Path crt = dir.resolve("ca.crt");
        RotatingKeyManager first = keys("--self-signed", "127.0.0.1", "--tls-ca-file", crt.toString());
        String written = Files.readString(crt);
        assertThat(first.served().caPem()).isEqualTo(written);
        assertThat(first.servedCertificate().getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));
        keys("--self-signed", "127.0.0.1", "--tls-ca-file", crt.toString());
        assertThat(Files.readString(crt)).isNotEqualTo(written);
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        assertThatThrownBy(() -> keys()).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--self-signed");
        assertThatThrownBy(() -> keys("--self-signed", "127.0.0.1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--tls-ca-file");
        assertThatThrownBy(() -> keys("--self-signed", "127.0.0.1", "--tls-ca-file", dir.resolve("ca").toString(),
                "--tls-certificate-lifetime", "5s")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("at least 10s");
        assertThatThrownBy(() -> keys("--tls-cert-file", dir.resolve("none.crt").toString(), "--tls-key-file",
                dir.resolve("none.key").toString())).isInstanceOf(ClusterCommand.CommandFailure.class)
                .hasMessageContaining("cannot read");
    }
}
