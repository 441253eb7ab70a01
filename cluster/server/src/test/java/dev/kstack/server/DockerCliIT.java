package dev.kstack.server;

import static dev.kstack.server.SharedStackApi.resource;
import static dev.kstack.server.SharedStackApi.stacks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.DockerCli;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Docker CLI 20.10 ({@code docker stack deploy|ls|rm --orchestrator=kubernetes}) against the Stack API in
 * CRD mode. Without a controller the stack never becomes stable, so the deploy is stopped once the Stack exists
 * (cluster/controller's DockerCliDeployIT runs the whole deploy).
 */
@ExtendWith(LocalClusterExtension.class)
class DockerCliIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void dockerStackDeployListAndRemoveWorkOnTheCrdApi(KubernetesClient admin, LocalCluster cluster, ClusterUsers users,
            @TempDir Path dir) throws Exception {
        SharedStackApi.get(admin);
        String ns = users.createNamespace("docker");
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, resource("wordsmith.docker-compose.yml"));
        try (DockerCli docker = DockerCli.start(cluster, dir.resolve("docker"))) {
            Path kubeconfig = docker.kubeconfig(ns);
            Process deploy = docker.start(kubeconfig, dir.resolve("deploy.log"), "stack", "deploy",
                    "--orchestrator=kubernetes", "--namespace", ns, "-c", compose.toString(), "hellokube");
            try {
                Await.until(TIMEOUT, "docker stack deploy created the Stack", () ->
                        stacks(admin, "v1alpha3").inNamespace(ns).withName("hellokube").get() != null);
            } finally {
                deploy.destroy();
                deploy.waitFor();
            }
            GenericKubernetesResource stack = stacks(admin, "v1alpha3").inNamespace(ns).withName("hellokube").get();
            com.fasterxml.jackson.databind.JsonNode spec = dev.kstack.api.StackJson.strict()
                    .readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(stack)).path("spec");
            assertThat(spec.path("services").findValuesAsText("name")).containsExactlyInAnyOrder("db", "words", "web");
            assertThat(stack.getMetadata().getAnnotations()).containsKey(dev.kstack.api.StackAuthor.ANNOTATION);

            DockerCli.Result ls = docker.run(kubeconfig, TIMEOUT, "stack", "ls", "--orchestrator=kubernetes",
                    "--namespace", ns);
            assertThat(ls.exitCode()).as(ls.output()).isZero();
            assertThat(ls.output()).containsPattern("hellokube\\s+3\\s+Kubernetes\\s+" + ns);

            DockerCli.Result rm = docker.run(kubeconfig, TIMEOUT, "stack", "rm", "--orchestrator=kubernetes",
                    "--namespace", ns, "hellokube");
            assertThat(rm.exitCode()).as(rm.output()).isZero();
            assertThat(rm.output()).contains("Removing stack: hellokube");
            Await.until(TIMEOUT, "the Stack is gone", () ->
                    stacks(admin, "v1alpha3").inNamespace(ns).withName("hellokube").get() == null);
        }
    }
}
