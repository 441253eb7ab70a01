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
    static final String VERSION = "3 rsa-2048 pkcs8 real-node";

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
        // The real node's kubelet and kube-proxy (bin/local-cluster up --real) act with admin rights, like the simulator.
        Pki.newClientCert(ca, "kstack-real-kubelet", List.of("system:masters"), VALIDITY).write(dir, "real-kubelet");
        Pki.newClientCert(ca, "kstack-real-kube-proxy", List.of("system:masters"), VALIDITY).write(dir, "real-kube-proxy");
        Pki.newClientCert(ca, "kstack-real-node-services", List.of("system:masters"), VALIDITY)
                .write(dir, "real-node-services");
        Pki.newServerCert(ca, RealNodeLayout.NODE_NAME, List.of(RealNodeLayout.NODE_IP, "127.0.0.1"), VALIDITY)
                .write(dir, "real-kubelet-serving");
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
