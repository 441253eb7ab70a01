package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The node simulator run by the local cluster plays the kubelet of sim-node-1 and sim-node-2 for real workloads. */
@ExtendWith(LocalClusterExtension.class)
class NodeSimulatorIT {

    private static final String NAMESPACE = "sim-it";

    @BeforeAll
    static void createNamespace(KubernetesClient client) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).createOr(existing -> existing.update());
        Await.until(LivePods.TIMEOUT, "the default service account of " + NAMESPACE,
                () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
    }

    @AfterAll
    static void deleteNamespace(KubernetesClient client) {
        client.namespaces().withName(NAMESPACE).delete();
    }

    @Test
    void nodesAreRegisteredAsSimulatedWithRenewedLeases(KubernetesClient client) {
        for (String name : List.of("sim-node-1", "sim-node-2")) {
            var node = client.nodes().withName(name).get();
            assertThat(node.getMetadata().getLabels())
                    .containsEntry("kubernetes.io/hostname", name)
                    .containsEntry(SimulatedNodes.SIMULATED_LABEL, "true");
            assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.20.2");
            assertThat(node.getStatus().getAllocatable().get("pods").getAmount()).isEqualTo("250");
            assertThat(node.getStatus().getAddresses())
                    .anySatisfy(a -> assertThat(a.getType() + "=" + a.getAddress()).isEqualTo("InternalIP=127.0.0.1"));
            Lease lease = client.leases().inNamespace("kube-node-lease").withName(name).get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(name);
            Instant firstRenewal = lease.getSpec().getRenewTime().toInstant();
            Await.until(LivePods.TIMEOUT, "a renewal of the lease of " + name, () -> client.leases().inNamespace("kube-node-lease")
                    .withName(name).get().getSpec().getRenewTime().toInstant().isAfter(firstRenewal));
        }
    }

    @Test
    void deploymentPodsBecomeReadyOnSimulatedNodes(KubernetesClient client) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec()
                .addNewInitContainer().withName("setup").withImage("busybox:1.36").endInitContainer()
                .addNewContainer().withName("web").withImage("nginx:1.25").endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();

        Await.until(LivePods.TIMEOUT, "3 ready replicas of deployment web", () -> {
            Deployment live = client.apps().deployments().inNamespace(NAMESPACE).withName("web").get();
            return live.getStatus() != null && Integer.valueOf(3).equals(live.getStatus().getReadyReplicas());
        });
        List<Pod> pods = client.pods().inNamespace(NAMESPACE).withLabel("app", "web").list().getItems();
        assertThat(pods).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getSpec().getNodeName()).isIn("sim-node-1", "sim-node-2");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
            assertThat(pod.getStatus().getPodIP()).startsWith("10.244.");
            assertThat(pod.getStatus().getStartTime()).isNotBlank();
            assertThat(LivePods.conditions(pod)).containsEntry("Ready", "True").containsEntry("ContainersReady", "True")
                    .containsEntry("Initialized", "True").containsEntry("PodScheduled", "True");
            ContainerStatus web = pod.getStatus().getContainerStatuses().get(0);
            assertThat(web.getState().getRunning()).isNotNull();
            assertThat(web.getReady()).isTrue();
            assertThat(web.getStarted()).isTrue();
            assertThat(pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated().getReason())
                    .isEqualTo("Completed");
        });
        assertThat(pods).extracting(p -> p.getStatus().getPodIP()).doesNotHaveDuplicates();
    }

    @Test
    void settledPodStatusIsNotRewritten(KubernetesClient client) {
        Pod pod = create(client, pod("steady", Map.of()));
        Pod ready = LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> "True".equals(LivePods.conditions(p).get("Ready")));
        // Let several ready delays pass; a simulator that rewrote unchanged status would bump the resourceVersion.
        Instant threeSecondsLater = Instant.now().plusSeconds(3);
        Await.until(LivePods.TIMEOUT, "three more seconds", () -> Instant.now().isAfter(threeSecondsLater));
        Pod later = client.pods().inNamespace(NAMESPACE).withName("steady").get();
        assertThat(later.getMetadata().getResourceVersion()).isEqualTo(ready.getMetadata().getResourceVersion());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // annotation,    phase,     Ready, waiting reason,     terminated reason, exit code
            "run,              Running,   True,  ,                   ,                  ",
            "unready,          Running,   False, ,                   ,                  ",
            "imagepullbackoff, Pending,   False, ImagePullBackOff,   ,                  ",
            "crashloop,        Running,   False, CrashLoopBackOff,   ,                  ",
            "fail,             Failed,    False, ,                   Error,             1",
            "complete,         Succeeded, False, ,                   Completed,         0",
    })
    void annotationChoosesTheSimulatedOutcome(String annotation, String phase, String ready, String waitingReason,
                                              String terminatedReason, Integer exitCode, KubernetesClient client) {
        Pod pod = create(client, pod("outcome-" + annotation, Map.of(SimulatedOutcome.ANNOTATION, annotation)));
        Pod settled = LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> phase.equals(p.getStatus().getPhase())
                && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().stream().noneMatch(c -> c.getState().getWaiting() != null
                && "ContainerCreating".equals(c.getState().getWaiting().getReason())));

        assertThat(LivePods.conditions(settled)).containsEntry("Ready", ready);
        ContainerStatus container = settled.getStatus().getContainerStatuses().get(0);
        if (waitingReason != null) {
            assertThat(container.getState().getWaiting().getReason()).isEqualTo(waitingReason);
        }
        if (terminatedReason != null) {
            assertThat(container.getState().getTerminated().getReason()).isEqualTo(terminatedReason);
            assertThat(container.getState().getTerminated().getExitCode()).isEqualTo(exitCode);
        }
        if ("imagepullbackoff".equals(annotation)) {
            assertThat(container.getState().getWaiting().getMessage()).contains("nginx:1.25");
        }
        if ("crashloop".equals(annotation)) {
            assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(1);
            LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 2);
        }
    }

    @Test
    void deletedPodIsGoneInsteadOfStayingTerminating(KubernetesClient client) {
        Pod pod = create(client, pod("doomed", Map.of()));
        LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> "Running".equals(p.getStatus().getPhase()));

        client.pods().inNamespace(NAMESPACE).withName("doomed").delete(); // default 30 s grace period

        Await.until(LivePods.TIMEOUT, "pod doomed to be gone", () -> client.pods().inNamespace(NAMESPACE).withName("doomed").get() == null);
    }

    @Test
    void podLogsThroughTheApiServerShowTheSimulatedLines(KubernetesClient client) {
        Pod pod = create(client, pod("talker", Map.of(ContainerLog.LOG_ANNOTATION, "listening on :8080\nready")));
        LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> "Running".equals(p.getStatus().getPhase()));
        var logs = client.pods().inNamespace(NAMESPACE).withName("talker").inContainer("main");

        assertThat(logs.getLog().lines().toList()).containsExactly(
                "kstack node simulator: container main of pod sim-it/talker (image nginx:1.25) is SIMULATED;"
                        + " no process runs",
                "listening on :8080",
                "ready");
        assertThat(logs.tailingLines(1).getLog()).isEqualTo("ready\n");
        assertThat(logs.usingTimestamps().getLog().lines().toList())
                .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z .+"));
    }

    @Test
    void followedLogGetsNewLines(KubernetesClient client) throws Exception {
        Pod pod = create(client, pod("follower", Map.of()));
        LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> "Running".equals(p.getStatus().getPhase()));
        List<String> lines = new ArrayList<>();
        try (LogWatch watch = client.pods().inNamespace(NAMESPACE).withName("follower").inContainer("main").watchLog();
             BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(),
                     StandardCharsets.UTF_8))) {
            for (int i = 0; i < 2; i++) {
                lines.add(reader.readLine());
            }
        }
        assertThat(lines.get(0)).contains("is SIMULATED");
        assertThat(lines.get(1)).contains("still simulated");
    }

    @Test
    void logsOfAContainerThatNeverStartedAreRefused(KubernetesClient client) {
        Pod pod = create(client, pod("no-image", Map.of(SimulatedOutcome.ANNOTATION, "imagepullbackoff")));
        LivePods.await(client, NAMESPACE, pod.getMetadata().getName(), p -> p.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> c.getState().getWaiting() != null
                        && "ImagePullBackOff".equals(c.getState().getWaiting().getReason())));

        assertThatThrownBy(() -> client.pods().inNamespace(NAMESPACE).withName("no-image").getLog())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("is waiting to start: ImagePullBackOff");
    }

    private static Pod pod(String name, Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.25").endContainer()
                .withRestartPolicy("Never").endSpec()
                .build();
    }

    private static Pod create(KubernetesClient client, Pod pod) {
        return client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }
}
