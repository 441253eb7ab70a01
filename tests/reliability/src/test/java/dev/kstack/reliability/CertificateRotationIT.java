package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.apiserver.LocalComposeApi;
import dev.kstack.server.LocalStackApi;
import dev.kstack.server.RotatingKeyManager;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Both servers with serving certificates valid for one minute, issued by the server from the CA kube-apiserver
 * trusts and renewed at two thirds of their lifetime: a client trusting the CA gets a new certificate, and Stack
 * writes through kube-apiserver (webhooks and conversion in CRD mode, the aggregated API in the other) still
 * succeed after the first certificate has expired. The wait after the first write is longer than the servers' idle
 * timeout (30 s), so the later write comes over a new TLS connection.
 */
@ExtendWith(LocalClusterExtension.class)
class CertificateRotationIT {
    private static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final String COMPOSE = "services:\n  web:\n    image: nginx\n";

    @AfterAll
    static void stop(KubernetesClient admin) {
        admin.namespaces().withLabel("kstack.dev/test", "true").delete();
    }

    @Test
    void crdModeWebhooksKeepServingAfterTheFirstCertificateExpired(KubernetesClient admin, ClusterUsers users) {
        Stacks.uninstallCrdMode(admin);
        try (LocalStackApi api = LocalStackApi.start(admin, LIFETIME)) {
            String ns = users.createNamespace("rotatecrd");
            check("webhook server", admin, ns, api.port(), api.keys());
        }
    }

    @Test
    void theAggregatedApiServerKeepsServingAfterTheFirstCertificateExpired(KubernetesClient admin,
            ClusterUsers users, LocalCluster cluster) {
        Stacks.uninstallCrdMode(admin);
        try (LocalComposeApi api = LocalComposeApi.start(admin, cluster.dir().resolve("rotation-compose-api"),
                LIFETIME)) {
            String ns = users.createNamespace("rotateapi");
            check("Compose API server", admin, ns, api.port(), api.keys());
        }
    }

    private static void check(String server, KubernetesClient admin, String ns, int port, RotatingKeyManager keys) {
        String ca = keys.served().caPem();
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

    private static void write(KubernetesClient admin, String ns, String name) {
        GenericKubernetesResource stack = CrdModeHostileIT.v1beta1(ns, name, COMPOSE);
        admin.genericKubernetesResources(CrdModeHostileIT.V1BETA1).inNamespace(ns).resource(stack).create();
    }
}
