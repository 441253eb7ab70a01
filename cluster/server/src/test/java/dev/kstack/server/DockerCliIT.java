package dev.kstack.server;

import static dev.kstack.server.SharedStackApi.resource;
import static dev.kstack.server.SharedStackApi.stacks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Docker CLI 20.10 ({@code docker stack deploy|ls|rm --orchestrator=kubernetes}) against the Stack API in
 * CRD mode, through {@code kubectl proxy} (plain HTTP on loopback). Without the controller the stack never becomes
 * stable, so {@code deploy} is stopped once the Stack object exists.
 */
@ExtendWith(LocalClusterExtension.class)
class DockerCliIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static Process proxy;
    private static int proxyPort;

    @BeforeAll
    static void start(LocalCluster cluster, KubernetesClient admin) throws IOException {
        SharedStackApi.get(admin);
        proxy = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "proxy", "--port=0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)").matcher(out.readLine());
        assertThat(m.find()).as("kubectl proxy announces its port").isTrue();
        proxyPort = Integer.parseInt(m.group(1));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.destroy();
        }
    }

    @Test
    void dockerStackDeployListAndRemoveWorkOnTheCrdApi(KubernetesClient admin, ClusterUsers users, @TempDir Path dir)
            throws Exception {
        String ns = users.createNamespace("docker");
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
        Files.writeString(compose, resource("wordsmith.docker-compose.yml"));

        Process deploy = docker(dir, kubeconfig, docker, "stack", "deploy", "--orchestrator=kubernetes",
                "--namespace", ns, "-c", compose.toString(), "hellokube").start();
        try {
            Await.until(TIMEOUT, "docker stack deploy created the Stack", () ->
                    stacks(admin, "v1alpha3").inNamespace(ns).withName("hellokube").get() != null);
        } finally {
            deploy.destroy();
            deploy.waitFor(10, TimeUnit.SECONDS);
        }
        GenericKubernetesResource stack = stacks(admin, "v1alpha3").inNamespace(ns).withName("hellokube").get();
        com.fasterxml.jackson.databind.JsonNode spec = dev.kstack.api.StackJson.strict()
                .readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(stack)).path("spec");
        assertThat(spec.path("services").findValuesAsText("name")).containsExactlyInAnyOrder("db", "words", "web");
        assertThat(stack.getMetadata().getAnnotations()).containsKey(dev.kstack.api.StackAuthor.ANNOTATION);

        String ls = run(dir, kubeconfig, docker, "stack", "ls", "--orchestrator=kubernetes", "--namespace", ns);
        assertThat(ls).containsPattern("hellokube\\s+3\\s+Kubernetes\\s+" + ns);

        String rm = run(dir, kubeconfig, docker, "stack", "rm", "--orchestrator=kubernetes", "--namespace", ns,
                "hellokube");
        assertThat(rm).contains("Removing stack: hellokube");
        Await.until(TIMEOUT, "the Stack is gone", () ->
                stacks(admin, "v1alpha3").inNamespace(ns).withName("hellokube").get() == null);
    }

    private static String provisionDockerCli() throws Exception {
        Path script = Path.of(System.getProperty("kstack.root", "../..")).resolve("scripts/provision-docker-cli.sh");
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("provision-docker-cli.sh exit code").isZero();
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    private static ProcessBuilder docker(Path dir, Path kubeconfig, String docker, String... args) {
        List<String> command = new ArrayList<>(List.of(docker));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("docker-" + args[1] + ".log").toFile());
        b.environment().put("KUBECONFIG", kubeconfig.toString());
        b.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
        b.environment().put("HOME", dir.toString());
        return b;
    }

    private static String run(Path dir, Path kubeconfig, String docker, String... args) throws Exception {
        Process p = docker(dir, kubeconfig, docker, args).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("docker-" + args[1] + ".log"));
        assertThat(p.exitValue()).as("docker %s exit code, output:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
