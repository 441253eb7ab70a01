package dev.kstack.testenv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reads PEM certificates and PKCS#8 keys, and builds TLS contexts from them. */
public final class PemFiles {
    private PemFiles() {
    }

    public static X509Certificate certificate(Path pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a certificate: " + pem, e);
        }
    }

    public static PrivateKey privateKey(Path pem) {
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PemReader pr = new PemReader(r)) {
            PemObject o = pr.readPemObject();
            if (o == null || !o.getType().equals("PRIVATE KEY")) {
                throw new IllegalArgumentException("not a PKCS#8 private key: " + pem);
            }
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(o.getContent());
            for (String alg : new String[] {"EC", "RSA"}) {
                try {
                    return KeyFactory.getInstance(alg).generatePrivate(spec);
                } catch (GeneralSecurityException e) {
                    // try the next algorithm
                }
            }
            throw new IllegalArgumentException("unsupported key algorithm: " + pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pki.Issued loadIssued(Path crt, Path key) {
        X509Certificate c = certificate(crt);
        PublicKey pub = c.getPublicKey();
        return new Pki.Issued(c, new KeyPair(pub, privateKey(key)));
    }

    /** A TLS context that trusts {@code ca} and, when {@code clientCrt} is given, presents that client certificate. */
    public static SSLContext sslContext(Path ca, Path clientCrt, Path clientKey) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate(ca));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCrt != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] pw = "kstack".toCharArray();
                keys.setKeyEntry("client", privateKey(clientKey), pw, new Certificate[] {certificate(clientCrt)});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + ca, e);
        }
    }
}
