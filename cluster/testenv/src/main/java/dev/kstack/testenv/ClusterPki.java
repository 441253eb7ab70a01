package dev.kstack.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

/**
 * Every certificate and key of a local control plane, issued once into {@code <cluster>/pki} and reused on later starts.
 *
 * <p>Three authorities: {@code ca} (serving certificates and client users of kube-apiserver, etcd and the kubelet endpoint),
 * {@code front-proxy-ca} (the aggregator's client certificate, trusted by extension API servers through the
 * request-header CA), and the service-account signing key.
 */
public final class ClusterPki {
    static final Duration VALIDITY = Duration.ofDays(365);
    static final List<String> LOOPBACK_HOSTS = List.of("localhost", "127.0.0.1", "kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "10.0.0.1",
            RealNodeLayout.NODE_IP);
    /** The common name kube-apiserver's aggregator presents; extension servers allow this name. */
    public static final String FRONT_PROXY_CLIENT = "front-proxy-client";
    /** Written last when a set is complete; a set with another (or no) marker is issued anew. */
    static final String MARKER = "pki.version";
    static final String VERSION = "2 rsa-2048 pkcs8";

    private final Path dir;

    private ClusterPki(Path dir) {
        this.dir = dir;
    }

    /** Issues what is missing in {@code dir} and returns the set. */
    public static ClusterPki ensure(Path dir) {
        try {
            Files.createDirectories(dir);
            ClusterPki pki = new ClusterPki(dir);
            Path marker = dir.resolve(MARKER);
            if (!Files.isRegularFile(marker) || !Files.readString(marker).trim().equals(VERSION)) {
                pki.issueAll();
                Files.writeString(marker, VERSION + "\n");
            }
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void issueAll() throws IOException {
        Pki.Issued ca = Pki.newCa("kstack-local-ca", VALIDITY);
        Pki.newServerCert(ca, "kube-apiserver", LOOPBACK_HOSTS, VALIDITY).write(dir, "apiserver");
        Pki.newServerCert(ca, "etcd", List.of("localhost", "127.0.0.1"), VALIDITY).write(dir, "etcd-server");
        Pki.newClientCert(ca, "kube-apiserver-etcd-client", List.of(), VALIDITY).write(dir, "apiserver-etcd-client");
        Pki.newClientCert(ca, "kube-apiserver-kubelet-client", List.of("system:masters"), VALIDITY)
                .write(dir, "apiserver-kubelet-client");
        Pki.newServerCert(ca, "kstack-simulated-kubelet", List.of("localhost", "127.0.0.1"), VALIDITY).write(dir, "kubelet");
        Pki.newClientCert(ca, "kstack-admin", List.of("system:masters"), VALIDITY).write(dir, "admin");
        Pki.newClientCert(ca, "system:kube-controller-manager", List.of(), VALIDITY).write(dir, "controller-manager");
        Pki.newClientCert(ca, "system:kube-scheduler", List.of(), VALIDITY).write(dir, "scheduler");
        // The simulator writes Nodes, Leases and pod status: it acts with admin rights and says so in its user name.
        Pki.newClientCert(ca, "kstack-node-simulator", List.of("system:masters"), VALIDITY).write(dir, "node-simulator");
        ca.write(dir, "ca");

        Pki.Issued frontProxyCa = Pki.newCa("kstack-front-proxy-ca", VALIDITY);
        Pki.newClientCert(frontProxyCa, FRONT_PROXY_CLIENT, List.of(), VALIDITY).write(dir, "front-proxy-client");
        frontProxyCa.write(dir, "front-proxy-ca");

        KeyPair sa = Pki.newKeyPair();
        Files.writeString(dir.resolve("sa.pub"), Pki.publicKeyPem(sa));
        Path key = dir.resolve("sa.key");
        Files.writeString(key, Pki.privateKeyPem(sa));
        Pki.restrictToOwner(key);
    }

    /**
     * Adds what a real node needs to the set (issued by the same CA, kept on later starts): client certificates of its
     * kubelet, kube-proxy and node-services (admin rights, like the simulator), the kubelet's serving certificate, and
     * a kube-apiserver certificate naming the node IP when the set's one predates the real node.
     */
    void ensureRealNode() {
        Pki.Issued ca = loadCa();
        for (String user : List.of("real-kubelet", "real-kube-proxy", "real-node-services")) {
            if (!Files.isRegularFile(key(user))) {
                Pki.newClientCert(ca, "kstack-" + user, List.of("system:masters"), VALIDITY).write(dir, user);
            }
        }
        if (!Files.isRegularFile(key("real-kubelet-serving"))) {
            Pki.newServerCert(ca, RealNodeLayout.NODE_NAME, List.of(RealNodeLayout.NODE_IP, "127.0.0.1"), VALIDITY)
                    .write(dir, "real-kubelet-serving");
        }
        if (!namesNodeIp(PemFiles.loadIssued(crt("apiserver"), key("apiserver")).certificate())) {
            Pki.newServerCert(ca, "kube-apiserver", LOOPBACK_HOSTS, VALIDITY).write(dir, "apiserver");
        }
    }

    private static boolean namesNodeIp(java.security.cert.X509Certificate cert) {
        try {
            return cert.getSubjectAlternativeNames() != null && cert.getSubjectAlternativeNames().stream()
                    .anyMatch(n -> RealNodeLayout.NODE_IP.equals(String.valueOf(n.get(1))));
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Path crt(String base) {
        return dir.resolve(base + ".crt");
    }

    public Path key(String base) {
        return dir.resolve(base + ".key");
    }

    /** The certificate authority with its key, to issue more client certificates (test users). */
    public Pki.Issued loadCa() {
        return PemFiles.loadIssued(crt("ca"), key("ca"));
    }
}
