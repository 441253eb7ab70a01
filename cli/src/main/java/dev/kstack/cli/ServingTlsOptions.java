package dev.kstack.cli;

import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.RotatingKeyManager;
import dev.kstack.server.ServingCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The serving certificate of {@code kstack server} and {@code kstack apiserver}: files kept up to date by someone
 * else ({@code --tls-cert-file}/{@code --tls-key-file}, re-read when they change), or certificates the server issues
 * itself from a CA ({@code --self-signed}), each valid {@code --tls-certificate-lifetime} and replaced once two
 * thirds of it have passed. The CA is new at every start unless {@code --tls-ca-key-file} keeps it in files, so that
 * the caBundle registered for kube-apiserver stays valid across restarts.
 */
final class ServingTlsOptions {
    @Option(names = "--tls-cert-file", paramLabel = "FILE",
            description = "Serving certificate (PEM, with chain), re-read when it changes; it must name the host "
                    + "kube-apiserver calls.")
    Path certFile;

    @Option(names = "--tls-key-file", paramLabel = "FILE", description = "Its private key (PKCS#8 PEM).")
    Path keyFile;

    @Option(names = "--tls-ca-file", paramLabel = "FILE", description = "The CA kube-apiserver trusts (PEM). With "
            + "--self-signed: where the CA is written, or with --tls-ca-key-file read from if it exists.")
    Path caFile;

    @Option(names = "--tls-ca-key-file", paramLabel = "FILE", description = "With --self-signed: keep the CA's key "
            + "in this file (read if it exists with --tls-ca-file, else a new CA is written to both), so that the "
            + "CA outlives a restart.")
    Path caKeyFile;

    @Option(names = "--self-signed", paramLabel = "HOST", split = ",",
            description = "Instead of TLS files: issue serving certificates for these hosts from a CA (a new one, or "
                    + "the one in --tls-ca-file/--tls-ca-key-file) and renew them before they expire.")
    List<String> selfSigned = List.of();

    @Option(names = "--tls-certificate-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30d", description = "With --self-signed: how long each serving certificate is valid; a "
            + "new one is served after two thirds of it (default: ${DEFAULT-VALUE}).")
    Duration lifetime;

    /** The key manager these options ask for; fails with a usage error or a start failure. */
    RotatingKeyManager keys(CommandLine commandLine) {
        if (!selfSigned.isEmpty()) {
            return selfIssued(commandLine);
        }
        if (certFile == null || keyFile == null) {
            throw new CommandLine.ParameterException(commandLine,
                    "give --tls-cert-file and --tls-key-file, or --self-signed HOST[,HOST...]");
        }
        if (!Files.isReadable(certFile) || !Files.isReadable(keyFile)) {
            throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE, "cannot read " + certFile + " or " + keyFile);
        }
        // Read once so that unusable files fail the start; then follow the files, so renewed ones are served.
        ServingCertificates.read(caFile != null ? caFile : certFile, certFile, keyFile);
        return RotatingKeyManager.watching(certFile, keyFile);
    }

    private RotatingKeyManager selfIssued(CommandLine commandLine) {
        if (caFile == null) {
            throw new CommandLine.ParameterException(commandLine,
                    "--self-signed needs --tls-ca-file, where the CA is written for the API server");
        }
        if (lifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new CommandLine.ParameterException(commandLine, "--tls-certificate-lifetime must be at least 10s");
        }
        CertificateAuthority ca;
        if (caKeyFile == null) {
            ca = CertificateAuthority.generate();
            ca.write(caFile, null);
        } else {
            ca = CertificateAuthority.read(caFile, caKeyFile).orElseGet(() -> {
                CertificateAuthority created = CertificateAuthority.generate();
                created.write(caFile, caKeyFile);
                return created;
            });
            if (ca.dueForRenewal(Instant.now())) {
                commandLine.getErr().println("warning: the CA in " + caFile + " expires at " + ca.notAfter()
                        + "; make a new one and register it (kstack install --run-local does both)");
            }
        }
        return RotatingKeyManager.selfIssued(ca, selfSigned, lifetime);
    }
}
