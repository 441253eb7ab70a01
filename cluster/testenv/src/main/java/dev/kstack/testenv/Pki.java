package dev.kstack.testenv;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority: makes key pairs and X.509 certificates (CA, server, client) and writes them as PEM.
 * Keys are RSA 2048, written as PKCS#8 ("BEGIN PRIVATE KEY"), which Go, the JDK, openssl and fabric8's kubeconfig
 * reader all accept (fabric8 7.5 misreads PKCS#8 EC keys).
 */
public final class Pki {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, KeyPair keyPair) {
        public String certificatePem() {
            return pem(certificate);
        }

        public String privateKeyPem() {
            return pem(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
        }

        /** Writes {@code <base>.crt} and {@code <base>.key} into {@code dir} (the key readable by its owner only). */
        public void write(Path dir, String base) {
            try {
                Files.writeString(dir.resolve(base + ".crt"), certificatePem());
                Path key = dir.resolve(base + ".key");
                Files.writeString(key, privateKeyPem());
                restrictToOwner(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Pki() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate authority. */
    public static Issued newCa(String commonName, Duration validity) {
        KeyPair kp = newKeyPair();
        X500Name name = name(commonName, List.of());
        X509Certificate cert = sign(name, kp, name, kp, validity, true, List.of(), List.of(), null);
        return new Issued(cert, kp);
    }

    /** A serving certificate for the given DNS names and IP addresses. */
    public static Issued newServerCert(Issued ca, String commonName, List<String> hosts, Duration validity) {
        KeyPair kp = newKeyPair();
        return new Issued(sign(name(commonName, List.of()), kp, x500(ca), ca.keyPair(), validity, false, hosts,
                List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth), ca.certificate()), kp);
    }

    /** A client certificate: Kubernetes reads the user from the CN and the groups from the O attributes. */
    public static Issued newClientCert(Issued ca, String user, List<String> groups, Duration validity) {
        KeyPair kp = newKeyPair();
        return new Issued(sign(name(user, groups), kp, x500(ca), ca.keyPair(), validity, false, List.of(),
                List.of(KeyPurposeId.id_kp_clientAuth), ca.certificate()), kp);
    }

    /** Writes a public key as PEM ("BEGIN PUBLIC KEY"). */
    public static String publicKeyPem(KeyPair kp) {
        return pem(new org.bouncycastle.util.io.pem.PemObject("PUBLIC KEY", kp.getPublic().getEncoded()));
    }

    /** Writes a private key as PKCS#8 PEM. */
    public static String privateKeyPem(KeyPair kp) {
        return pem(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", kp.getPrivate().getEncoded()));
    }

    static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }

    private static X500Name x500(Issued ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        for (String o : organizations) {
            b.addRDN(BCStyle.O, o);
        }
        b.addRDN(BCStyle.CN, commonName);
        return b.build();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            Duration validity, boolean ca, List<String> hosts, List<KeyPurposeId> purposes, X509Certificate issuerCert) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
                    subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            if (!hosts.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String h : hosts) {
                    names.add(isIpAddress(h)
                            ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(h).getHostAddress())
                            : new GeneralName(GeneralName.dNSName, h));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            String alg = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    private static boolean isIpAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
