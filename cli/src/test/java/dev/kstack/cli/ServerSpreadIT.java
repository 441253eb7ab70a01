package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.apiserver.InClusterManifests;
import dev.kstack.server.ServingCa;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kstack's own servers (the webhook server, the API server), as {@code kstack install} renders them for the cluster
 * (CRD mode and apiserver mode), on the real scheduler and disruption controller with the two simulated nodes: each
 * server's two replicas land on different nodes, and its PodDisruptionBudget selects exactly its pods and allows one
 * disruption at a time. Only the objects of the install's namespace are applied, into a namespace of the test (the CRD, webhooks and
 * APIServices would take over the shared cluster's Stack API).
 */
@ExtendWith(LocalClusterExtension.class)
class ServerSpreadIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void crdModeWebhookServerSpreadsOverNodesWithABudgetOfOneDisruption(KubernetesClient admin,
            ClusterUsers users) {
        String ns = users.createNamespace("spread-crd");
        checkSpread(admin, ns, Installer.inCluster(ns, "kstack/kstack:test", 2, ServingCa.generate()));
    }

    @Test
    void apiServerModeApiServerSpreadsOverNodesWithABudgetOfOneDisruption(KubernetesClient admin,
            ClusterUsers users) {
        String ns = users.createNamespace("spread-api");
        checkSpread(admin, ns, Installer.inClusterApiServer(new InClusterManifests.Options(ns, "kstack/kstack:test", 2,
                List.of("https://etcd.invalid:2379"), InClusterManifests.DEFAULT_ETCD_IMAGE), ServingCa.generate()));
    }

    private static void checkSpread(KubernetesClient admin, String ns, List<HasMetadata> rendered) {
        // the servers: the Deployments with a budget (the controller elects a leader and has neither budget nor spread)
        List<HasMetadata> budgets = rendered.stream().filter(o -> "PodDisruptionBudget".equals(o.getKind())).toList();
        List<String> servers = budgets.stream().map(b -> b.getMetadata().getName()).toList();
        List<Deployment> deployments = rendered.stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).filter(d -> servers.contains(d.getMetadata().getName())).toList();
        assertThat(deployments).as("the server Deployments, one per budget").hasSameSizeAs(budgets).isNotEmpty();
        // the objects of the namespace (service accounts, secrets, Services, Deployments, budgets), as install applies
        // them: on the local control plane (1.20, policy/v1beta1 only) a budget is converted as install does there
        rendered.stream().filter(o -> ns.equals(o.getMetadata().getNamespace()))
                .forEach(o -> admin.resource(Installer.forCluster(admin, o)).create());

        for (Deployment d : deployments) {
            String name = d.getMetadata().getName();
            Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
            Await.until(TIMEOUT, "both replicas of " + name + " Ready", () -> ready(admin, ns, selector).size() == 2);
            assertThat(ready(admin, ns, selector)).as("the nodes of %s's pods", name)
                    .extracting(p -> p.getSpec().getNodeName()).doesNotHaveDuplicates();
        }
        for (HasMetadata b : budgets) {
            String name = b.getMetadata().getName();
            Await.until(TIMEOUT, name + " counts both pods healthy and allows one disruption", () -> {
                PodDisruptionBudget pdb = admin.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName(name)
                        .get();
                return pdb.getStatus() != null && Integer.valueOf(2).equals(pdb.getStatus().getExpectedPods())
                        && Integer.valueOf(2).equals(pdb.getStatus().getCurrentHealthy())
                        && Integer.valueOf(1).equals(pdb.getStatus().getDisruptionsAllowed());
            });
        }
    }

    private static List<Pod> ready(KubernetesClient admin, String ns, Map<String, String> selector) {
        return admin.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                        && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .collect(Collectors.toList());
    }
}
