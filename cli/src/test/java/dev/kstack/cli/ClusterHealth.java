package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.LocalCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an uninstall must leave: a cluster whose garbage collection and namespace deletion work once kube-apiserver and
 * kube-controller-manager have restarted (every resource listed afresh), with no Stack-related failure in the
 * controller manager's log.
 */
final class ClusterHealth {
    private ClusterHealth() {
    }

    /**
     * Restarts kube-apiserver (with the old uninstall, the dead conversion webhook showed in kube-controller-manager's
     * lists only once kube-apiserver had restarted too) and kube-controller-manager (its garbage collector and quota
     * controller list every resource afresh), then: a deleted Deployment's ReplicaSet is collected within 30 s, a
     * namespace deletion completes, and the controller manager's log since the restart names no failure about Stacks.
     * {@code ns} is a new namespace for the probe.
     */
    static void assertHealthyAfterControlPlaneRestart(LocalCluster cluster, KubernetesClient client, String ns)
            throws IOException {
        cluster.restart("kube-apiserver", false);
        Path log = cluster.logs().resolve("kube-controller-manager.log");
        long offset = Files.size(log);
        cluster.restart("kube-controller-manager", false);

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        Map<String, String> labels = Map.of("app", "gc-probe");
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("gc-probe").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.35")
                .withCommand("sleep", "3600").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        Await.until(Duration.ofSeconds(60), "the ReplicaSet of deployment " + ns + "/gc-probe",
                () -> !client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());
        client.apps().deployments().inNamespace(ns).withName("gc-probe").delete();
        Await.until(Duration.ofSeconds(30), "the garbage collector to delete the ReplicaSets of " + ns + "/gc-probe",
                () -> client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());

        client.namespaces().withName(ns).delete();
        Await.until(Duration.ofSeconds(60), "namespace " + ns + " to be deleted",
                () -> client.namespaces().withName(ns).get() == null);

        List<String> stackFailures = linesSince(log, offset).stream()
                .filter(l -> l.contains("compose.docker.com") || l.contains("unable to sync caches"))
                .filter(l -> l.contains("fail") || l.contains("unable") || l.contains("error")).toList();
        assertThat(stackFailures).as("kube-controller-manager's log since its restart").isEmpty();
    }

    private static List<String> linesSince(Path log, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] tail = new byte[(int) Math.max(0, f.length() - offset)];
            f.seek(offset);
            f.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8).lines().toList();
        }
    }
}
