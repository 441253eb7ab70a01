package dev.kstack.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The TLS material of an in-cluster server: a CA (certificate and key, PEM) kept in the server's Secret, from which
 * the server issues its own serving certificate and renews it before it expires ({@code --self-signed} with
 * {@code --tls-ca-file} and {@code --tls-ca-key-file}); kube-apiserver trusts the CA ({@link #caBundle}).
 */
public record ServingCa(String certificatePem, String keyPem) {
    /** The Secret keys the CA is stored under (and the file names where the Secret is mounted). */
    public static final String CERTIFICATE_KEY = "ca.crt";
    public static final String KEY_KEY = "ca.key";

    /** A new CA (valid ten years, {@link CertificateAuthority#generate()}). */
    public static ServingCa generate() {
        CertificateAuthority ca = CertificateAuthority.generate();
        return new ServingCa(ca.certificatePem(), ca.keyPem());
    }

    /** The CA certificate, base64, for a {@code caBundle}. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Secret's data (base64 values). */
    public Map<String, String> secretData() {
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of(CERTIFICATE_KEY, b64.encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)),
                KEY_KEY, b64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The server's TLS arguments with the Secret mounted at {@code dir}: serving certificates for {@code hosts},
     * issued from the CA there and renewed by the server itself.
     */
    public static List<String> serverArguments(String dir, List<String> hosts) {
        return List.of("--self-signed=" + String.join(",", hosts), "--tls-ca-file=" + dir + "/" + CERTIFICATE_KEY,
                "--tls-ca-key-file=" + dir + "/" + KEY_KEY);
    }
}
