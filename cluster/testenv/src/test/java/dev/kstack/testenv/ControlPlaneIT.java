package dev.kstack.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local control plane is a real Kubernetes: controllers, garbage collection, apply, watches and RBAC work. */
@ExtendWith(LocalClusterExtension.class)
class ControlPlaneIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void simulatedNodesAreReady(KubernetesClient client) {
        List<Node> nodes = client.nodes().list().getItems();
        assertThat(nodes).extracting(n -> n.getMetadata().getName()).contains("sim-node-1", "sim-node-2");
        assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getConditions())
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getStatus()).isEqualTo("True");
                }));
    }

    @Test
    void deploymentGetsReadyPodsAndIsGarbageCollected(KubernetesClient client, ClusterUsers users) {
        String ns = users.createNamespace("cp");
        Map<String, String> labels = Map.of("app", "web");
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.25").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(ns).resource(d).create();

        // kube-controller-manager makes a ReplicaSet and Pods, kube-scheduler binds them, the simulator makes them Ready.
        Await.until(TIMEOUT, "3 ready pods of deployment web", () -> readyPods(client, ns) == 3);
        assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(1)
                .allSatisfy(rs -> assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.getName()).isEqualTo("web")));
        Await.until(TIMEOUT, "deployment web available", () -> {
            Deployment live = client.apps().deployments().inNamespace(ns).withName("web").get();
            return live.getStatus() != null && Integer.valueOf(3).equals(live.getStatus().getAvailableReplicas());
        });
        assertThat(client.pods().inNamespace(ns).list().getItems())
                .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).startsWith("sim-node-"));

        // Deleting the Deployment (background propagation) garbage-collects its ReplicaSet and Pods.
        client.apps().deployments().inNamespace(ns).withName("web").delete();
        Await.until(TIMEOUT, "replica sets and pods garbage-collected", () ->
                client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty()
                        && client.pods().inNamespace(ns).list().getItems().isEmpty());
    }

    @Test
    void statefulSetClaimsGetSimulatedVolumesAndTheirPodsBecomeReady(KubernetesClient client, ClusterUsers users) {
        String ns = users.createNamespace("sts");
        Map<String, String> labels = Map.of("app", "db");
        client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(2).withServiceName("db").withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("postgres:16")
                .addNewVolumeMount().withName("data").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                .endContainer().endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("3Gi")).endResources().endSpec().endVolumeClaimTemplate()
                .endSpec().build()).create();

        Await.until(TIMEOUT, "2 ready pods of statefulset db", () -> readyPods(client, ns) == 2);
        assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems()).hasSize(2)
                .allSatisfy(c -> {
                    assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
                    assertThat(c.getSpec().getStorageClassName()).isEqualTo("standard");
                    assertThat(c.getStatus().getCapacity()).containsEntry("storage", new Quantity("3Gi"));
                });

        // A claim deleted releases its volume, and the released volume is deleted.
        String volume = client.persistentVolumeClaims().inNamespace(ns).withName("data-db-0").get().getSpec().getVolumeName();
        client.apps().statefulSets().inNamespace(ns).withName("db").delete();
        client.persistentVolumeClaims().inNamespace(ns).withName("data-db-0").delete();
        Await.until(TIMEOUT, "volume " + volume + " deleted", () -> client.persistentVolumes().withName(volume).get() == null);
    }

    @Test
    void serverSideApplyRecordsTheFieldManagerAndReportsConflicts(KubernetesClient client, ClusterUsers users) {
        String ns = users.createNamespace("ssa");
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(ns).endMetadata()
                .addToData("color", "blue").build();
        client.configMaps().inNamespace(ns).resource(cm).fieldManager("kstack").serverSideApply();

        ConfigMap live = client.configMaps().inNamespace(ns).withName("settings").get();
        assertThat(live.getData()).containsEntry("color", "blue");
        assertThat(live.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager).contains("kstack");
        assertThat(live.getMetadata().getManagedFields()).filteredOn(m -> m.getManager().equals("kstack"))
                .extracting(ManagedFieldsEntry::getOperation).containsOnly("Apply");

        // Another manager changing the same field conflicts (409) unless it forces.
        ConfigMap other = new ConfigMapBuilder(cm).withData(Map.of("color", "red")).build();
        PatchContext notForced = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("someone-else").withForce(false).build();
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).withName("settings").patch(notForced, other))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        client.configMaps().inNamespace(ns).resource(other).fieldManager("someone-else").forceConflicts().serverSideApply();
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getData()).containsEntry("color", "red");

        // Re-applying the same intent is a no-op: the resourceVersion does not change.
        String rv = client.configMaps().inNamespace(ns).withName("settings").get().getMetadata().getResourceVersion();
        client.configMaps().inNamespace(ns).resource(other).fieldManager("someone-else").forceConflicts().serverSideApply();
        assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getMetadata().getResourceVersion())
                .isEqualTo(rv);
    }

    @Test
    void watchResumesFromAResourceVersion(KubernetesClient client, ClusterUsers users) throws InterruptedException {
        String ns = users.createNamespace("watch");
        ConfigMap first = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("first").endMetadata().build()).create();
        String resumeFrom = first.getMetadata().getResourceVersion();
        // Changes made while nobody watches ...
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("second")
                .endMetadata().build()).create();
        client.configMaps().inNamespace(ns).withName("first").delete();

        // ... are delivered, in order, to a watch that starts from the earlier resourceVersion.
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch w = client.configMaps().inNamespace(ns).withResourceVersion(resumeFrom).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                // kube-controller-manager publishes kube-root-ca.crt into every new namespace, at its own moment
                if (!resource.getMetadata().getName().equals("kube-root-ca.crt")) {
                    events.add(action + " " + resource.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test closes the watch
            }
        })) {
            assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED second");
            assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("DELETED first");
        }
    }

    @Test
    void rbacDeniesAUserWithoutRightsAndAllowsOneWithThem(KubernetesClient client, ClusterUsers users) {
        String ns = users.createNamespace("rbac");
        TestUser nobody = users.certificateUser("nobody-" + ns, "kstack-testers");
        TestUser reader = users.tokenUser("reader-" + ns);
        users.grant(reader, ns, ClusterUsers.rule("", "configmaps", "get", "list", "create"));

        try (KubernetesClient asNobody = nobody.client(); KubernetesClient asReader = reader.client()) {
            assertThatThrownBy(() -> asNobody.configMaps().inNamespace(ns).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("nobody-" + ns);
                    });
            assertThat(asReader.configMaps().inNamespace(ns).list().getItems()).isNotNull();
            asReader.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("ok")
                    .endMetadata().build()).create();
            // ... but only what was granted: not secrets, and not in another namespace.
            assertThatThrownBy(() -> asReader.secrets().inNamespace(ns).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> asReader.configMaps().inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        assertThat(client.configMaps().inNamespace(ns).withName("ok").get()).isNotNull();
    }

    private static long readyPods(KubernetesClient client, String ns) {
        return client.pods().inNamespace(ns).list().getItems().stream().filter(ControlPlaneIT::isReady).count();
    }

    private static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
}
