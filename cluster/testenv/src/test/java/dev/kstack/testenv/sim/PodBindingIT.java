package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code --bind-pods} the simulator binds pods itself, for clusters without kube-scheduler. A second simulator
 * runs in this JVM for a node of its own; the test pods name a scheduler that does not exist, so that only this
 * simulator can bind them.
 */
@ExtendWith(LocalClusterExtension.class)
class PodBindingIT {

    private static final String NAMESPACE = "sim-bind-it";
    private static final String NODE = "bind-node-1";

    private NodeSimulator simulator;

    @BeforeEach
    void startBindingSimulator(LocalCluster cluster, KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).createOr(existing -> existing.update());
        Await.until(LivePods.TIMEOUT, "the default service account", () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
        Path pki = cluster.dir().resolve("pki");
        simulator = new NodeSimulator(client, SimulatorConfig.of(List.of(NODE), Duration.ofMillis(200), 0,
                pki.resolve("kubelet.crt"), pki.resolve("kubelet.key"), true));
    }

    @AfterEach
    void stopBindingSimulator(KubernetesClient client) {
        client.pods().inNamespace(NAMESPACE).withGracePeriod(0).delete();
        simulator.close();
        // kube-scheduler must not place later pods on a node nobody simulates any more.
        client.nodes().withName(NODE).delete();
        client.leases().inNamespace(SimulatedNodes.LEASE_NAMESPACE).withName(NODE).delete();
    }

    @Test
    void bindsAPodToANodeItFitsAndRunsIt(KubernetesClient client) {
        create(client, "placed", Map.of("kubernetes.io/hostname", NODE));

        Pod pod = LivePods.await(client, NAMESPACE, "placed", p -> "Running".equals(p.getStatus().getPhase()));

        assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
        assertThat(LivePods.conditions(pod)).contains(Map.entry("PodScheduled", "True"), Map.entry("Ready", "True"));
    }

    @Test
    void leavesAPodThatFitsNoNodePendingAsUnschedulable(KubernetesClient client) {
        create(client, "homeless", Map.of("disk", "ssd"));

        Pod pod = LivePods.await(client, NAMESPACE, "homeless", p -> p.getStatus().getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason())));

        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(LivePods.conditions(pod)).containsEntry("PodScheduled", "False");
    }

    private static void create(KubernetesClient client, String name, Map<String, String> nodeSelector) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withSchedulerName("kstack-test-no-such-scheduler").withNodeSelector(nodeSelector)
                .addNewContainer().withName("main").withImage("nginx:1.25").endContainer().endSpec()
                .build()).create();
    }
}
