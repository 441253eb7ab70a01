package dev.kstack.server;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The webhook server's TLS material: a certificate chain and key as PEM, plus the CA that the API server must trust
 * (the {@code caBundle} of the webhook configurations). Generated at install time ({@link #generate}) or read from
 * files that an administrator supplies ({@link #read}).
 *
 * @param caPem the CA certificate the API server trusts
 * @param certificatePem the serving certificate
 * @param privateKeyPem the serving certificate's private key, PKCS#8
 */
public record ServingCertificates(String caPem, String certificatePem, String privateKeyPem) {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration VALIDITY = Duration.ofDays(3650);

    /**
     * A fresh CA and a serving certificate signed by it for {@code hosts} (DNS names, or IP literals such as
     * {@code 127.0.0.1}).
     */
    public static ServingCertificates generate(List<String> hosts) {
        return CertificateAuthority.generate().issue(hosts, VALIDITY);
    }

    /**
     * Only what the API server must trust ({@code caPem}, one or more PEM certificates), for the registrations of a
     * server that issues its own certificates.
     */
    public static ServingCertificates trusting(String caPem) {
        return new ServingCertificates(caPem, "", "");
    }

    /** Reads PEM files: the CA bundle, the serving certificate (chain) and its PKCS#8 key. */
    public static ServingCertificates read(Path ca, Path certificate, Path key) {
        try {
            return new ServingCertificates(Files.readString(ca), Files.readString(certificate), Files.readString(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        }
    }

    /** An SSL context that serves this certificate. */
    public SSLContext sslContext() {
        return RotatingKeyManager.fixed(this).sslContext(null);
    }

    /** The CA certificate as the base64 {@code caBundle} of a webhook client configuration. */
    public String caBundle() {
        return java.util.Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    }

    static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    static X509Certificate certificate(X500Name issuer, KeyPair issuerKeys, X500Name subject,
            java.security.PublicKey subjectKey, boolean isCa, List<String> hosts, Duration validity)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(120, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private static GeneralNames alternativeNames(List<String> hosts) throws UnknownHostException {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            names.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
