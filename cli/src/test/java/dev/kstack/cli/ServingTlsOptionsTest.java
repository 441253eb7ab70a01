package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.InstallManifests;
import dev.kstack.server.ServingCa;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import dev.kstack.server.RotatingKeyManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    void theInClusterServerArgumentsIssueACertificateForTheServiceFromTheCaInItsSecret(@TempDir Path dir)
            throws Exception {
        ServingCa ca = ServingCa.generate();
        List<HasMetadata> objects = Installer.inCluster("ops", "kstack/kstack:1", 1, ca);
        Secret secret = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).findFirst()
                .orElseThrow();
        Deployment server = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(InstallManifests.NAME)).findFirst().orElseThrow();
        // The pod's view: the Secret mounted read-only at TLS_DIR; here under a temporary folder.
        Path mount = Files.createDirectories(dir.resolve("tls"));
        for (Map.Entry<String, String> e : secret.getStringData().entrySet()) {
            Files.writeString(mount.resolve(e.getKey()), e.getValue());
            mount.resolve(e.getKey()).toFile().setReadOnly();
        }
        List<String> args = server.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
                .filter(a -> a.startsWith("--tls") || a.startsWith("--self-signed"))
                .map(a -> a.replace(InstallManifests.TLS_DIR, mount.toString())).toList();

        RotatingKeyManager keys = keys(args.toArray(String[]::new));
        X509Certificate served = keys.servedCertificate();
        served.verify(CertificateAuthority.read(mount.resolve("ca.crt"), mount.resolve("ca.key")).orElseThrow()
                .certificate().getPublicKey());
        assertThat(keys.caBundle()).isEqualTo(ca.caBundle());
        assertThat(served.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains("kstack-server.ops.svc", "kstack-server.ops.svc.cluster.local");
        assertThat(served.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(29)),
                Instant.now().plus(Duration.ofDays(31)));
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
