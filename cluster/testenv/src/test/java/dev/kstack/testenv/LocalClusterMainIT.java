package dev.kstack.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/local-cluster}: up starts as many simulated nodes of the size asked for, is idempotent and refuses another
 * size while running, status tells the truth, down stops everything and frees the ports.
 */
class LocalClusterMainIT {
    /** Under target/, so that the components' logs stay for a look when the test fails. */
    private final Path dir = Path.of("target", "local-cluster-main-it-" + ProcessHandle.current().pid()).toAbsolutePath();

    @Test
    void upTwiceThenDown() throws IOException {
        Result first = run("up", "--nodes", "3", "--pods-per-node", "20");
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).contains("The local control plane is running.", "sim-node-1, sim-node-2, sim-node-3 (simulated, 20 pods each",
                dir.resolve("kubeconfig").toString());

        LocalCluster cluster = LocalCluster.attach(dir).orElseThrow();
        Map<String, Boolean> processes = cluster.processes();
        assertThat(processes).containsOnlyKeys(LocalCluster.COMPONENTS).doesNotContainValue(false);
        List<Integer> ports = new ArrayList<>();
        for (String c : List.of("etcd", "kube-apiserver", "kubelet")) {
            ports.add(cluster.port(c));
        }

        Result second = run("up");
        assertThat(second.code).isZero();
        assertThat(second.out).contains("already running");
        assertThat(LocalCluster.attach(dir).orElseThrow().port("kube-apiserver")).isEqualTo(ports.get(1));
        Result resize = run("up", "--nodes", "4");
        assertThat(resize.code).isEqualTo(1);
        assertThat(resize.err).contains("runs 3 simulated nodes, not 4; run bin/local-cluster down first");

        Result status = run("status");
        assertThat(status.code).isZero();
        assertThat(status.out).contains("kube-apiserver", "running", "is ready", "node sim-node-1 Ready (simulated, 20 pods)",
                "node sim-node-3 Ready (simulated, 20 pods)").doesNotContain("sim-node-4");
        assertThat(run("kubeconfig").out.trim()).isEqualTo(dir.resolve("kubeconfig").toString());
        theSchedulerPlacesAsManyPodsAsTheNodesTake(cluster);

        Result down = run("down");
        assertThat(down.code).isZero();
        assertThat(down.out).contains("kube-apiserver: stopped", "etcd: stopped", "node-simulator: stopped");
        assertThat(cluster.processes()).doesNotContainValue(true);
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
        assertThat(run("status").code).isEqualTo(3);
        assertThat(run("down").out).contains("No local control plane is running");
    }

    /** 3 nodes of 20 pods: 61 replicas leave one pod Unschedulable with "Too many pods". */
    private static void theSchedulerPlacesAsManyPodsAsTheNodesTake(LocalCluster cluster) {
        try (KubernetesClient client = cluster.newAdminClient()) {
            client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                    .withNewMetadata().withName("fill").endMetadata()
                    .withNewSpec().withReplicas(61).withNewSelector().addToMatchLabels("app", "fill").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "fill").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("fill:1").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            Await.until(Duration.ofMinutes(3), "60 pods on nodes and one Unschedulable", () -> {
                List<Pod> pods = client.pods().inNamespace("default").withLabel("app", "fill").list().getItems();
                return pods.size() == 61 && pods.stream().filter(p -> p.getSpec().getNodeName() != null).count() == 60
                        && pods.stream().anyMatch(p -> p.getStatus().getConditions().stream().anyMatch(c ->
                                "Unschedulable".equals(c.getReason()) && c.getMessage().contains("Too many pods")));
            });
            client.apps().deployments().inNamespace("default").withName("fill").delete();
        }
    }

    private Result run(String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalClusterMain.run(command, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
