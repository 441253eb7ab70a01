package dev.kstack.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving key of both kstack HTTPS servers, replaced while they run. Before a handshake chooses its certificate,
 * the manager asks its {@link Source} for the current material, at most once per check interval; when the PEM text
 * differs from what it serves, it builds a new JDK key manager for it and serves that to new connections (open
 * connections keep theirs). Material that cannot be used (a certificate whose key is not the one given, half-written
 * files) is logged and skipped: the previous certificate is served until the next check finds a usable pair.
 *
 * <p>Two sources: {@link #watching} re-reads {@code --tls-cert-file}/{@code --tls-key-file} (a renewed Secret
 * mounted as files, a renewal by cert-manager or by hand), and {@link #selfIssued} holds a CA and issues a new serving
 * certificate once two thirds of the current one's lifetime have passed (the servers that make their own certificate,
 * whose CA kube-apiserver trusts through a caBundle).
 *
 * <p>Aliases carry the generation of the material they came from, so a handshake that chose a certificate just
 * before a swap still gets that certificate's own key.
 */
public final class RotatingKeyManager extends X509ExtendedKeyManager {
    /** How often the files are looked at by default. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RotatingKeyManager.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the serving certificate comes from. */
    public interface Source {
        /** The material to serve now; may return the same value as before. */
        ServingCertificates current();

        /** What the servers trust for this source's certificates, when it knows (a self-issued source's CA). */
        default String caPem() {
            return current().caPem();
        }
    }

    private record Generation(long number, ServingCertificates material, X509ExtendedKeyManager keys,
            X509Certificate leaf) {
    }

    private final Source source;
    private final Duration checkInterval;
    private final Clock clock;
    private volatile Generation current;
    private volatile Generation previous;
    private volatile Instant nextCheck;
    /** The last material that could not be used, so that it is reported once, not at every check. */
    private ServingCertificates rejected;

    private RotatingKeyManager(Source source, Duration checkInterval, Clock clock) {
        this.source = source;
        this.checkInterval = checkInterval;
        this.clock = clock;
        this.current = build(1, source.current());
        this.nextCheck = clock.instant().plus(checkInterval);
    }

    /** Serves {@code tls} and never changes. */
    public static RotatingKeyManager fixed(ServingCertificates tls) {
        return new RotatingKeyManager(() -> tls, Duration.ofDays(365), Clock.systemUTC());
    }

    /** Serves any source, looking at it at most every {@code checkInterval}. */
    public static RotatingKeyManager of(Source source, Duration checkInterval) {
        return new RotatingKeyManager(source, checkInterval, Clock.systemUTC());
    }

    /**
     * Serves the PEM files {@code certificate} (with its chain) and {@code key} (PKCS#8 or PKCS#1), re-reading them
     * when a handshake comes at least {@code checkInterval} after the last look. Fails now when they cannot be used.
     */
    public static RotatingKeyManager watching(Path certificate, Path key, Duration checkInterval) {
        return of(() -> readFiles(certificate, key), checkInterval);
    }

    /** {@link #watching(Path, Path, Duration)} every {@link #DEFAULT_CHECK_INTERVAL}. */
    public static RotatingKeyManager watching(Path certificate, Path key) {
        return watching(certificate, key, DEFAULT_CHECK_INTERVAL);
    }

    /**
     * Issues serving certificates for {@code hosts}, each valid for {@code lifetime}, from {@code ca}; a new one
     * once two thirds of the lifetime have passed. Looked at every {@code lifetime / 20}, at least every second and
     * at most every {@link #DEFAULT_CHECK_INTERVAL}.
     */
    public static RotatingKeyManager selfIssued(CertificateAuthority ca, List<String> hosts, Duration lifetime) {
        Duration check = lifetime.dividedBy(20);
        check = check.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : check.compareTo(DEFAULT_CHECK_INTERVAL) > 0 ? DEFAULT_CHECK_INTERVAL : check;
        return of(new SelfIssued(ca, hosts, lifetime, Clock.systemUTC()), check);
    }

    /** The material served to new connections now (after looking at the source if a check is due). */
    public ServingCertificates served() {
        refreshIfDue();
        return current.material();
    }

    /** The leaf certificate served to new connections now. */
    public X509Certificate servedCertificate() {
        refreshIfDue();
        return current.leaf();
    }

    /** The CA the clients must trust, as the base64 {@code caBundle} of a webhook or APIService. */
    public String caBundle() {
        return java.util.Base64.getEncoder().encodeToString(source.caPem().getBytes(StandardCharsets.US_ASCII));
    }

    /** A TLS context whose serving key is this manager, trusting clients through {@code trust} (null: none). */
    public SSLContext sslContext(TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {this}, trust, RANDOM);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------- rotation

    private void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        synchronized (this) {
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(checkInterval);
            Generation serving = current;
            ServingCertificates latest;
            try {
                latest = source.current();
            } catch (RuntimeException e) {
                LOG.warn("cannot read the serving certificate, still serving serial {}: {}",
                        serving.leaf().getSerialNumber().toString(16), e.getMessage());
                return;
            }
            if (latest.certificatePem().equals(serving.material().certificatePem())
                    && latest.privateKeyPem().equals(serving.material().privateKeyPem())
                    || latest.equals(rejected)) {
                return;
            }
            try {
                Generation next = build(serving.number() + 1, latest);
                previous = serving;
                current = next;
                LOG.info("serving a new certificate: serial {}, valid until {} (was serial {})",
                        next.leaf().getSerialNumber().toString(16), next.leaf().getNotAfter().toInstant(),
                        serving.leaf().getSerialNumber().toString(16));
            } catch (RuntimeException e) {
                rejected = latest;
                LOG.warn("the new serving certificate cannot be used, still serving serial {}: {}",
                        serving.leaf().getSerialNumber().toString(16), e.getMessage());
            }
        }
    }

    private static Generation build(long number, ServingCertificates tls) {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(tls.certificatePem().getBytes(StandardCharsets.US_ASCII)))
                    .toArray(Certificate[]::new);
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new GeneralSecurityException("the certificate file holds no X.509 certificate");
            }
            PrivateKey key = privateKey(tls.privateKeyPem());
            checkPair(leaf, key);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", key, new char[0], chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager keys) {
                    return new Generation(number, tls, keys, leaf);
                }
            }
            throw new GeneralSecurityException("no X.509 key manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the serving certificate or key cannot be used: " + e.getMessage(), e);
        }
    }

    /** A PEM private key: PKCS#8 ("PRIVATE KEY") or the traditional RSA/EC forms. */
    static PrivateKey privateKey(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new GeneralSecurityException("the key file holds no PEM private key");
        }
    }

    /** Refuses a key that does not belong to the certificate (e.g. the certificate was replaced, the key not yet). */
    static void checkPair(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
    }

    private static ServingCertificates readFiles(Path certificate, Path key) {
        try {
            String cert = Files.readString(certificate);
            return new ServingCertificates(cert, cert, Files.readString(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certificate + " or " + key + ": " + e.getMessage(), e);
        }
    }

    /** Re-issues from a CA at two thirds of the lifetime. */
    private static final class SelfIssued implements Source {
        private final CertificateAuthority ca;
        private final List<String> hosts;
        private final Duration lifetime;
        private final Clock clock;
        private ServingCertificates issued;
        private Instant renewAt;

        SelfIssued(CertificateAuthority ca, List<String> hosts, Duration lifetime, Clock clock) {
            this.ca = ca;
            this.hosts = List.copyOf(hosts);
            this.lifetime = lifetime;
            this.clock = clock;
        }

        @Override
        public synchronized ServingCertificates current() {
            Instant now = clock.instant();
            if (issued == null || !now.isBefore(renewAt)) {
                issued = ca.issue(hosts, lifetime);
                renewAt = now.plus(lifetime.multipliedBy(2).dividedBy(3));
                if (ca.dueForRenewal(now)) {
                    LOG.warn("the CA that signs the serving certificates expires at {}: renew it (kstack install"
                            + " --run-local makes a new one and registers it)", ca.notAfter());
                }
            }
            return issued;
        }

        @Override
        public String caPem() {
            return ca.certificatePem();
        }
    }

    // ------------------------------------------------------------------------------------------- key manager

    /** {@code <generation>:<alias of that generation's key manager>}. */
    private String tag(Generation generation, String alias) {
        return alias == null ? null : generation.number() + ":" + alias;
    }

    private Generation generationOf(String alias) {
        if (alias == null) {
            return null;
        }
        int colon = alias.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String number = alias.substring(0, colon);
        for (Generation g : new Generation[] {current, previous}) {
            if (g != null && Objects.equals(Long.toString(g.number()), number)) {
                return g;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        refreshIfDue();
        Generation g = current;
        return tag(g, g.keys().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        refreshIfDue();
        Generation g = current;
        return tag(g, g.keys().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation g = current;
        String[] aliases = g.keys().getServerAliases(keyType, issuers);
        if (aliases == null) {
            return null;
        }
        return java.util.Arrays.stream(aliases).map(a -> tag(g, a)).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = generationOf(alias);
        return g == null ? null : g.keys().getCertificateChain(alias.substring(alias.indexOf(':') + 1));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = generationOf(alias);
        return g == null ? null : g.keys().getPrivateKey(alias.substring(alias.indexOf(':') + 1));
    }

    /** A server does not present client certificates. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
