package dev.kstack.apiserver;

import dev.kstack.server.HighAvailability;
import dev.kstack.server.ServingCa;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code kstack install --mode apiserver} puts in a cluster: the registration ({@link ApiServiceManifests}:
 * RBAC, Service, APIServices with the CA bundle), the serving certificate as a Secret, the API server's Deployment
 * ({@code kstack apiserver} in the kstack image) and, unless external etcd endpoints are given, a one-member etcd
 * StatefulSet with a volume claim and its headless Service.
 */
public final class InClusterManifests {
    public static final String TLS_SECRET = ApiServiceManifests.NAME + "-tls";
    public static final String ETCD = "kstack-etcd";
    public static final String DEFAULT_ETCD_IMAGE = "registry.k8s.io/etcd:3.4.13-0";
    static final int PORT = 8443;
    private static final String TLS_DIR = "/var/run/kstack/tls";

    private InClusterManifests() {
    }

    /**
     * @param etcdServers external etcd endpoints; empty for the bundled etcd StatefulSet
     * @param etcdImage the image of the bundled etcd (ignored with external endpoints)
     */
    public record Options(String namespace, String image, int replicas, List<String> etcdServers, String etcdImage) {
    }

    /**
     * In the order the objects should be applied. The server's Secret holds {@code ca}, from which the server issues
     * its serving certificate and renews it; the APIServices trust {@code ca}.
     */
    public static List<HasMetadata> render(Options options, ServingCa ca) {
        String ns = options.namespace();
        List<HasMetadata> out = new ArrayList<>(ApiServiceManifests.render(
                ApiServiceManifests.Options.inCluster(ns), ca.caBundle()));
        int registration = out.size() - Versions.ALL.size(); // APIServices last, once the server can answer
        List<HasMetadata> server = new ArrayList<>();
        server.add(new SecretBuilder().withNewMetadata().withName(TLS_SECRET).withNamespace(ns).endMetadata()
                .withType("Opaque").addToData(ca.secretData()).build());
        List<String> etcd = options.etcdServers();
        if (etcd.isEmpty()) {
            server.addAll(bundledEtcd(ns, options.etcdImage()));
            etcd = List.of("http://" + ETCD + "-0." + ETCD + "." + ns + ".svc:2379");
        }
        server.add(deployment(options, etcd));
        server.add(HighAvailability.disruptionBudget(ns, ApiServiceManifests.NAME,
                Map.of(ApiServiceManifests.APP_LABEL, ApiServiceManifests.NAME),
                Map.of(ApiServiceManifests.APP_LABEL, ApiServiceManifests.NAME)));
        out.addAll(registration, server);
        return out;
    }

    private static HasMetadata deployment(Options options, List<String> etcd) {
        Map<String, String> selector = Map.of(ApiServiceManifests.APP_LABEL, ApiServiceManifests.NAME);
        return new DeploymentBuilder().withNewMetadata().withName(ApiServiceManifests.NAME)
                .withNamespace(options.namespace()).withLabels(selector).endMetadata()
                .withNewSpec().withReplicas(options.replicas()).withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector).endMetadata()
                .withNewSpec().withServiceAccountName(ApiServiceManifests.NAME)
                .withAffinity(HighAvailability.acrossNodes(selector))
                .addNewContainer().withName("apiserver").withImage(options.image())
                .withArgs(Stream.concat(Stream.of("apiserver", "--port=" + PORT,
                        "--etcd-servers=" + String.join(",", etcd)), ServingCa.serverArguments(TLS_DIR,
                        ApiServiceManifests.servingHosts(options.namespace())).stream()).toList())
                .addNewPort().withName("https").withContainerPort(PORT).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewHttpGet().withScheme("HTTPS").withPath("/readyz")
                .withPort(new IntOrString(PORT)).endHttpGet().endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withScheme("HTTPS").withPath("/healthz")
                .withPort(new IntOrString(PORT)).endHttpGet().endLivenessProbe()
                .withStartupProbe(HighAvailability.startupProbe("HTTPS", PORT))
                .addNewVolumeMount().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).endVolumeMount()
                // Vert.x keeps its file cache in /tmp: the only writable folder of the read-only root filesystem
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true).endSecurityContext()
                .endContainer()
                .addNewVolume().withName("tls").withNewSecret().withSecretName(TLS_SECRET).endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    private static List<HasMetadata> bundledEtcd(String ns, String image) {
        Map<String, String> selector = Map.of(ApiServiceManifests.APP_LABEL, ETCD);
        String peer = "http://" + ETCD + "-0." + ETCD + "." + ns + ".svc:2380";
        HasMetadata service = new ServiceBuilder().withNewMetadata().withName(ETCD).withNamespace(ns)
                .withLabels(selector).endMetadata().withNewSpec().withClusterIP("None").withSelector(selector)
                .addNewPort().withName("client").withProtocol("TCP").withPort(2379).endPort()
                .addNewPort().withName("peer").withProtocol("TCP").withPort(2380).endPort()
                .endSpec().build();
        HasMetadata statefulSet = new StatefulSetBuilder().withNewMetadata().withName(ETCD).withNamespace(ns)
                .withLabels(selector).endMetadata()
                .withNewSpec().withServiceName(ETCD).withReplicas(1).withNewSelector().withMatchLabels(selector)
                .endSelector().withNewTemplate().withNewMetadata().withLabels(selector).endMetadata()
                .withNewSpec().addNewContainer().withName("etcd").withImage(image)
                .withCommand("etcd", "--name=" + ETCD + "-0", "--data-dir=/var/lib/etcd",
                        "--listen-client-urls=http://0.0.0.0:2379",
                        "--advertise-client-urls=http://" + ETCD + "-0." + ETCD + "." + ns + ".svc:2379",
                        "--listen-peer-urls=http://0.0.0.0:2380", "--initial-advertise-peer-urls=" + peer,
                        "--initial-cluster=" + ETCD + "-0=" + peer, "--auto-compaction-retention=1",
                        "--experimental-watch-progress-notify-interval=1m")
                .addNewPort().withName("client").withContainerPort(2379).withProtocol("TCP").endPort()
                .addNewPort().withName("peer").withContainerPort(2380).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                .endContainer().endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().endVolumeClaimTemplate()
                .endSpec().build();
        return List.of(service, statefulSet);
    }
}
