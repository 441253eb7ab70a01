package dev.kstack.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The CA of a server that makes its own serving certificates: kube-apiserver trusts its certificate (the caBundle),
 * and it signs each new serving certificate, so that one can be replaced without touching the registrations. Kept in
 * memory ({@link #generate}), or in two PEM files ({@link #read}, {@link #write}) when the registrations must keep
 * trusting it across restarts of the server ({@code kstack install --run-local}).
 */
public final class CertificateAuthority {
    /** How long a generated CA is valid by default: ten years. */
    public static final Duration LIFETIME = ServingCertificates.VALIDITY;
    private static final X500Name NAME = new X500Name("CN=kstack-webhook-ca");

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final String certificatePem;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) throws IOException {
        this.keys = keys;
        this.certificate = certificate;
        this.certificatePem = ServingCertificates.pem(certificate);
    }

    /** A new CA valid for ten years. */
    public static CertificateAuthority generate() {
        return generate(LIFETIME);
    }

    /** A new CA valid from an hour ago (clock skew) until {@code validity} from now. */
    public static CertificateAuthority generate(Duration validity) {
        try {
            KeyPair keys = ServingCertificates.rsaKeys();
            return new CertificateAuthority(keys, ServingCertificates.certificate(NAME, keys, NAME, keys.getPublic(),
                    true, List.of(), validity));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a CA: " + e.getMessage(), e);
        }
    }

    /**
     * The CA in the PEM files {@code certificate} and {@code key} (PKCS#8 or PKCS#1), or empty when either is
     * missing. Fails when they exist but do not make a CA (not a CA certificate, a key of another certificate).
     */
    public static Optional<CertificateAuthority> read(Path certificate, Path key) {
        if (!Files.isRegularFile(certificate) || !Files.isRegularFile(key)) {
            return Optional.empty();
        }
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(certificate)));
            if (cert.getBasicConstraints() < 0) {
                throw new GeneralSecurityException(certificate + " is not a CA certificate");
            }
            PrivateKey privateKey = RotatingKeyManager.privateKey(Files.readString(key));
            if (!"RSA".equals(privateKey.getAlgorithm())) {
                throw new GeneralSecurityException(key + " does not hold an RSA key");
            }
            RotatingKeyManager.checkPair(cert, privateKey);
            return Optional.of(new CertificateAuthority(new KeyPair(cert.getPublicKey(), privateKey), cert));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalStateException("cannot use the CA in " + certificate + " and " + key + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes the certificate and, unless {@code keyFile} is null, the key (PKCS#8, readable by the owner only) as
     * PEM files.
     */
    public void write(Path certificateFile, Path keyFile) {
        try {
            if (keyFile != null) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                Files.deleteIfExists(keyFile);
                Files.createFile(keyFile,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(keyFile, keyPem());
            }
            Files.createDirectories(certificateFile.toAbsolutePath().getParent());
            Files.writeString(certificateFile, certificatePem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA to " + certificateFile + " and " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * True once two thirds of the CA's lifetime (from its notBefore) have passed at {@code now}: time to make a new
     * one and register it, while the certificates of this one are still trusted.
     */
    public boolean dueForRenewal(Instant now) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant until = certificate.getNotAfter().toInstant();
        return !now.isBefore(from.plus(Duration.between(from, until).multipliedBy(2).dividedBy(3)));
    }

    /** When the CA certificate expires. */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The CA's private key as PKCS#8 PEM. */
    public String keyPem() {
        try {
            return ServingCertificates.pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA certificate (PEM), what clients trust. */
    public String certificatePem() {
        return certificatePem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A serving certificate with a new key for {@code hosts} (DNS names or IP literals; the first is the subject's
     * CN), valid from an hour ago (clock skew) until {@code validity} from now.
     */
    public ServingCertificates issue(List<String> hosts, Duration validity) {
        try {
            KeyPair serverKeys = ServingCertificates.rsaKeys();
            X509Certificate server = ServingCertificates.certificate(NAME, keys, new X500Name("CN=" + hosts.get(0)),
                    serverKeys.getPublic(), false, hosts, validity);
            return new ServingCertificates(certificatePem, ServingCertificates.pem(server), ServingCertificates.pem(
                    new PemObject("PRIVATE KEY", serverKeys.getPrivate().getEncoded())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a serving certificate: " + e.getMessage(), e);
        }
    }
}
