package dev.kstack.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
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
import org.bouncycastle.util.io.pem.PemReader;

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
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /**
     * A fresh CA and a serving certificate signed by it for {@code hosts} (DNS names, or IP literals such as
     * {@code 127.0.0.1}).
     */
    public static ServingCertificates generate(List<String> hosts) {
        try {
            KeyPair caKeys = rsaKeys();
            X500Name caName = new X500Name("CN=kstack-webhook-ca");
            X509Certificate ca = certificate(caName, caKeys, caName, caKeys.getPublic(), true, List.of());
            KeyPair serverKeys = rsaKeys();
            X509Certificate server = certificate(caName, caKeys, new X500Name("CN=" + hosts.get(0)),
                    serverKeys.getPublic(), false, hosts);
            return new ServingCertificates(pem(ca), pem(server),
                    pem(new PemObject("PRIVATE KEY", serverKeys.getPrivate().getEncoded())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate the webhook certificates: " + e.getMessage(), e);
        }
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
        try {
            List<Certificate> chain = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
            PrivateKey key = privateKey();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("serving", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the serving certificate or key cannot be used: " + e.getMessage(), e);
        }
    }

    /** The CA certificate as the base64 {@code caBundle} of a webhook client configuration. */
    public String caBundle() {
        return java.util.Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    }

    private PrivateKey privateKey() throws IOException, GeneralSecurityException {
        try (PemReader reader = new PemReader(new StringReader(privateKeyPem))) {
            PemObject object = reader.readPemObject();
            if (object == null || !object.getType().equals("PRIVATE KEY")) {
                throw new GeneralSecurityException("expected a PKCS#8 \"PRIVATE KEY\" PEM block");
            }
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(object.getContent());
            try {
                return KeyFactory.getInstance("RSA").generatePrivate(spec);
            } catch (GeneralSecurityException notRsa) {
                return KeyFactory.getInstance("EC").generatePrivate(spec);
            }
        }
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name issuer, KeyPair issuerKeys, X500Name subject,
            java.security.PublicKey subjectKey, boolean isCa, List<String> hosts)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(120, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKey);
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

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
