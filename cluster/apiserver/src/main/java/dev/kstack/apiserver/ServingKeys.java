package dev.kstack.apiserver;

import dev.kstack.server.ServingCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The key managers of the serving certificate. The server needs them apart from a finished SSLContext because it
 * pairs them with its own trust manager, which accepts the cluster's client certificates.
 */
final class ServingKeys {
    private ServingKeys() {
    }

    static KeyManager[] keyManagers(ServingCertificates tls) throws GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(tls.privateKeyPem()))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key = parsed instanceof PEMKeyPair pair ? converter.getKeyPair(pair).getPrivate()
                    : parsed instanceof PrivateKeyInfo info ? converter.getPrivateKey(info) : null;
            if (key == null) {
                throw new GeneralSecurityException("the serving key is not a PEM private key");
            }
            Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(tls.certificatePem().getBytes(StandardCharsets.US_ASCII)))
                    .toArray(Certificate[]::new);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", key, new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            return kmf.getKeyManagers();
        } catch (IOException e) {
            throw new GeneralSecurityException("unreadable serving certificate or key: " + e.getMessage(), e);
        }
    }
}
