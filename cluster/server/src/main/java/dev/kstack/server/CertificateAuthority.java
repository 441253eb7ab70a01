package dev.kstack.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A CA kept in memory by a server that makes its own serving certificates: kube-apiserver trusts its certificate
 * (the caBundle), and it signs each new serving certificate, so that one can be replaced without touching the
 * registrations. Its key never leaves the process.
 */
public final class CertificateAuthority {
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
        try {
            KeyPair keys = ServingCertificates.rsaKeys();
            return new CertificateAuthority(keys, ServingCertificates.certificate(NAME, keys, NAME, keys.getPublic(),
                    true, List.of(), ServingCertificates.VALIDITY));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a CA: " + e.getMessage(), e);
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
                    new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", serverKeys.getPrivate().getEncoded())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a serving certificate: " + e.getMessage(), e);
        }
    }
}
