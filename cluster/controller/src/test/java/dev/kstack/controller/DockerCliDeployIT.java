package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified Docker CLI 20.10 deploys the wordsmith example against kstack (CRD mode and this controller), waits
 * until it is stable, updates it and removes it: the wire contract holds end to end. The CLI reaches kube-apiserver
 * through {@code kubectl proxy} (plain HTTP on loopback), as it cannot present the test cluster's credentials itself.
 */
class DockerCliDeployIT extends WithController {
    private static Process proxy;
    private static int proxyPort;

    @BeforeAll
    static void startProxy(LocalCluster cluster) throws IOException {
        proxy = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "proxy", "--port=0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)").matcher(out.readLine());
        assertThat(m.find()).as("kubectl proxy announces its port").isTrue();
        proxyPort = Integer.parseInt(m.group(1));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.destroy();
        }
    }

    @Test
    void dockerStackDeployWaitsUntilStableThenUpdatesAndRemoves(KubernetesClient admin, ClusterUsers users,
            @TempDir Path dir) throws Exception {
        String ns = users.createNamespace("docker-cli");
        String docker = provisionDockerCli();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: proxy, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: proxy, user: {}}]
                contexts: [{name: proxy, context: {cluster: proxy, user: proxy, namespace: %s}}]
                current-context: proxy
                """.formatted(proxyPort, ns));
        Path compose = dir.resolve("docker-compose.yml");
        Files.copy(projectRoot().resolve("examples/wordsmith/docker-compose.yml"), compose);

        String deployed = run(dir, kubeconfig, docker, "stack", "deploy", "--orchestrator=kubernetes", "-c",
                compose.toString(), "hellokube");
        assertThat(deployed).contains("Waiting for the stack to be stable and running...", "db: Ready", "web: Ready",
                "words: Ready", "Stack hellokube is stable and running");
        // The CLI returns once every service has a ready pod; the controller reports Available when all replicas are.
        StackFixture.awaitPhase(admin, ns, "hellokube", "Available");
        assertThat(admin.apps().deployments().inNamespace(ns).withName("words").get().getSpec().getReplicas()).isEqualTo(5);

        // The captured transcript's update: words 5 -> 2 replicas.
        Files.writeString(compose, Files.readString(compose).replace("replicas: 5", "replicas: 2"));
        String updated = run(dir, kubeconfig, docker, "stack", "deploy", "--orchestrator=kubernetes", "-c",
                compose.toString(), "hellokube");
        assertThat(updated).contains("Stack hellokube is stable and running");
        Await.until(StackFixture.TIMEOUT, "words scaled to 2", () -> {
            Deployment words = admin.apps().deployments().inNamespace(ns).withName("words").get();
            return words.getSpec().getReplicas() == 2;
        });

        String ls = run(dir, kubeconfig, docker, "stack", "ls", "--orchestrator=kubernetes");
        assertThat(ls).containsPattern("hellokube\\s+3\\s+Kubernetes\\s+" + ns);
        String ps = run(dir, kubeconfig, docker, "stack", "ps", "--orchestrator=kubernetes", "hellokube");
        assertThat(ps).contains("hellokube_words-", "hellokube_db-", "hellokube_web-", "sim-node-");

        String rm = run(dir, kubeconfig, docker, "stack", "rm", "--orchestrator=kubernetes", "hellokube");
        assertThat(rm).contains("Removing stack: hellokube");
        Await.until(StackFixture.TIMEOUT, "the stack's Deployments are garbage-collected",
                () -> admin.apps().deployments().inNamespace(ns).list().getItems().isEmpty());
    }

    private static Path projectRoot() {
        return dev.kstack.testenv.ControlPlaneBinaries.projectRoot();
    }

    private static String provisionDockerCli() throws Exception {
        Process p = new ProcessBuilder("bash", projectRoot().resolve("scripts/provision-docker-cli.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("provision-docker-cli.sh exit code").isZero();
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    private static String run(Path dir, Path kubeconfig, String docker, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(docker));
        command.addAll(List.of(args));
        Path log = dir.resolve("docker-" + args[1] + "-" + System.nanoTime() + ".log");
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        b.environment().put("KUBECONFIG", kubeconfig.toString());
        b.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
        b.environment().put("HOME", dir.toString());
        Process p = b.start();
        boolean done = p.waitFor(240, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(done).as("docker %s finished; output so far:%n%s", String.join(" ", args), out).isTrue();
        assertThat(p.exitValue()).as("docker %s exit code, output:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
