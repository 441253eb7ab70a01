package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.apiserver.LocalComposeApi;
import dev.kstack.server.CertificateAuthority;
import dev.kstack.server.LocalStackApi;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both servers (in this JVM, and {@code kstack server} as started by {@code install --run-local}) with serving
 * certificates valid for one minute, issued by the server from the CA kube-apiserver trusts and renewed at two
 * thirds of their lifetime: a client trusting the CA gets a new certificate, and Stack writes through kube-apiserver
 * (webhooks and conversion in CRD mode, the aggregated API in the other) still succeed after the first certificate
 * has expired. The wait after the first write is longer than the servers' idle
 * timeout (30 s), so the later write comes over a new TLS connection.
 */
@ExtendWith(LocalClusterExtension.class)
class CertificateRotationIT {
    private static final Duration LIFETIME = Duration.ofMinutes(1);

    @AfterAll
    static void stop(KubernetesClient admin) {
        admin.namespaces().withLabel("kstack.dev/test", "true").delete();
    }

    @Test
    void crdModeWebhooksKeepServingAfterTheFirstCertificateExpired(KubernetesClient admin, ClusterUsers users) {
        Stacks.uninstallCrdMode(admin);
        try (LocalStackApi api = LocalStackApi.start(admin, LIFETIME)) {
            String ns = users.createNamespace("rotatecrd");
            check("webhook server", admin, ns, api.port(), api.keys().served().caPem());
        }
    }

    @Test
    void theAggregatedApiServerKeepsServingAfterTheFirstCertificateExpired(KubernetesClient admin,
            ClusterUsers users, LocalCluster cluster) {
        Stacks.uninstallCrdMode(admin);
        try (LocalComposeApi api = LocalComposeApi.start(admin, cluster.dir().resolve("rotation-compose-api"),
                LIFETIME)) {
            String ns = users.createNamespace("rotateapi");
            check("Compose API server", admin, ns, api.port(), api.keys().served().caPem());
        }
    }

    /**
     * {@code kstack install --run-local} with one-minute serving certificates: the {@code kstack server} process it
     * starts issues them from the CA kept in the state folder (which the webhooks and the CRD trust) and renews them.
     * Then the kept CA is replaced by one that expires in ten minutes (past two thirds of its lifetime, as a CA
     * nearing its end would be): installing again makes a new CA, registers it and restarts the server on it.
     */
    @Test
    void runLocalServerRenewsItsCertificatesAndInstallRenewsACaNearingExpiry(KubernetesClient admin,
            ClusterUsers users, LocalCluster cluster) throws Exception {
        runLocal(admin, users, cluster, false);
    }

    /** The same with {@code install --mode apiserver --run-local}: {@code kstack apiserver} and the APIServices. */
    @Test
    void runLocalApiServerRenewsItsCertificatesAndInstallRenewsACaNearingExpiry(KubernetesClient admin,
            ClusterUsers users, LocalCluster cluster) throws Exception {
        runLocal(admin, users, cluster, true);
    }

    private static void runLocal(KubernetesClient admin, ClusterUsers users, LocalCluster cluster,
            boolean apiServerMode) throws Exception {
        Stacks.uninstallCrdMode(admin);
        String component = apiServerMode ? "apiserver" : "server";
        Path state = cluster.dir().resolve("rotation-run-local-" + component);
        Path tls = state.resolve(apiServerMode ? "tls-apiserver" : "tls");
        Path caCrt = tls.resolve("ca.crt");
        Path caKey = tls.resolve("ca.key");
        List<String> install = new ArrayList<>(List.of("install", "--run-local", "--state-dir", state.toString(),
                "--tls-certificate-lifetime", "1m"));
        if (apiServerMode) {
            install.addAll(List.of("--mode", "apiserver"));
        }
        kstack(cluster, install);
        try {
            String ns = users.createNamespace("rotatelocal");
            Properties ports = new Properties();
            try (var in = Files.newBufferedReader(state.resolve("state.properties"))) {
                ports.load(in);
            }
            int port = Integer.parseInt(ports.getProperty(component + ".port"));
            String ca = Files.readString(caCrt);
            assertThat(registeredCaBundle(admin, apiServerMode)).isEqualTo(ca);
            check("kstack " + component + " of install --run-local", admin, ns, port, ca);

            CertificateAuthority due = CertificateAuthority.generate(Duration.ofMinutes(10));
            assertThat(due.dueForRenewal(Instant.now())).isTrue();
            due.write(caCrt, caKey);
            String nearingExpiry = due.certificatePem();
            String again = kstack(cluster, install);
            assertThat(again).contains("expires at").contains("made a new one")
                    .contains("kstack " + component + " stopped to serve certificates of the new CA");
            String renewed = Files.readString(caCrt);
            assertThat(renewed).isNotEqualTo(nearingExpiry);
            assertThat(registeredCaBundle(admin, apiServerMode)).startsWith(renewed).contains(nearingExpiry);
            X509Certificate served = ServedCertificate.of(port, renewed);
            X509Certificate renewedCa = CertificateAuthority.read(caCrt, caKey).orElseThrow().certificate();
            assertThat(served.getIssuerX500Principal()).isEqualTo(renewedCa.getSubjectX500Principal());
            served.verify(renewedCa.getPublicKey());
            assertThat(renewedCa.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3000)));
            write(admin, ns, "after-new-ca");
            assertThat(Stacks.get(admin, ns, "after-new-ca")).isNotNull();
            System.out.printf("FIGURE CA renewal (install --run-local, kstack %s): a CA valid until %s replaced by"
                    + " one valid until %s; the restarted server's certificate (serial %x) chains to it%n", component,
                    due.notAfter(), renewedCa.getNotAfter().toInstant(), served.getSerialNumber());
        } finally {
            kstack(cluster, List.of("uninstall", "--run-local", "--state-dir", state.toString()));
        }
    }

    /** Runs {@code kstack ARGS --kubeconfig <the cluster's>} in a JVM of its own; returns its output. */
    private static String kstack(LocalCluster cluster, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        JavaProcess.Result r = JavaProcess.run(Files.createDirectories(cluster.dir().resolve("rotation-cli")),
                Duration.ofMinutes(4), "dev.kstack.cli.Main", all);
        assertThat(r.exit()).as("kstack %s: %s%s", all, r.out(), r.err()).isZero();
        return r.out();
    }

    /** The CA bundle of the validating webhook or of the v1beta1 APIService, as PEM text. */
    private static String registeredCaBundle(KubernetesClient admin, boolean apiServerMode) {
        String base64 = apiServerMode
                ? (String) ((Map<?, ?>) admin.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                        .withName("v1beta1.compose.docker.com").get().getAdditionalProperties().get("spec"))
                        .get("caBundle")
                : admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server").get()
                        .getWebhooks().get(0).getClientConfig().getCaBundle();
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    private static void check(String server, KubernetesClient admin, String ns, int port, String ca) {
        X509Certificate first = ServedCertificate.of(port, ca);
        assertThat(Duration.between(Instant.now(), first.getNotAfter().toInstant())).isLessThanOrEqualTo(LIFETIME);
        write(admin, ns, "before");

        Await.until(Duration.ofMinutes(3), "the first certificate expired",
                () -> Instant.now().isAfter(first.getNotAfter().toInstant().plusSeconds(2)));
        X509Certificate now = ServedCertificate.of(port, ca);
        assertThat(now.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(now.getNotAfter()).isAfter(first.getNotAfter());
        write(admin, ns, "after");
        assertThat(Stacks.get(admin, ns, "after")).isNotNull();
        System.out.printf("FIGURE certificate rotation (%s): serial %x valid until %s; after it expired serial %x"
                + " valid until %s is served and a v1beta1 Stack was written through kube-apiserver%n", server,
                first.getSerialNumber(), first.getNotAfter().toInstant(), now.getSerialNumber(),
                now.getNotAfter().toInstant());
    }

    /** A v1beta1 Stack whose one service is named after it (a controller may run: services must not collide). */
    private static void write(KubernetesClient admin, String ns, String name) {
        GenericKubernetesResource stack = CrdModeHostileIT.v1beta1(ns, name,
                "services:\n  " + name + ":\n    image: nginx\n");
        admin.genericKubernetesResources(CrdModeHostileIT.V1BETA1).inNamespace(ns).resource(stack).create();
    }
}
