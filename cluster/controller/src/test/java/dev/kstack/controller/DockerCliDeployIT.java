package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.ControlPlaneBinaries;
import dev.kstack.testenv.DockerCli;
import dev.kstack.testenv.LocalCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified Docker CLI 20.10 deploys the wordsmith example against kstack (CRD mode and this controller), waits
 * until it is stable, updates it and removes it: the wire contract holds end to end.
 */
class DockerCliDeployIT extends WithController {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void dockerStackDeployWaitsUntilStableThenUpdatesAndRemoves(KubernetesClient admin, LocalCluster cluster,
            ClusterUsers users, @TempDir Path dir) throws Exception {
        String ns = users.createNamespace("docker-cli");
        Path compose = dir.resolve("docker-compose.yml");
        Files.copy(ControlPlaneBinaries.projectRoot().resolve("examples/wordsmith/docker-compose.yml"), compose);
        try (DockerCli docker = DockerCli.start(cluster, dir.resolve("docker"))) {
            Path kubeconfig = docker.kubeconfig(ns);

            String deployed = ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "deploy", "--orchestrator=kubernetes",
                    "-c", compose.toString(), "hellokube"));
            assertThat(deployed).contains("Waiting for the stack to be stable and running...", "db: Ready",
                    "web: Ready", "words: Ready", "Stack hellokube is stable and running");
            // The CLI returns once every service has a ready pod; the controller reports Available when all replicas are.
            StackFixture.awaitPhase(admin, ns, "hellokube", "Available");
            assertThat(admin.apps().deployments().inNamespace(ns).withName("words").get().getSpec().getReplicas())
                    .isEqualTo(5);

            // The captured transcript's update: words 5 -> 2 replicas.
            Files.writeString(compose, Files.readString(compose).replace("replicas: 5", "replicas: 2"));
            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "deploy", "--orchestrator=kubernetes", "-c",
                    compose.toString(), "hellokube"))).contains("Stack hellokube is stable and running");
            Await.until(StackFixture.TIMEOUT, "words scaled to 2", () ->
                    admin.apps().deployments().inNamespace(ns).withName("words").get().getSpec().getReplicas() == 2);

            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "ls", "--orchestrator=kubernetes")))
                    .containsPattern("hellokube\\s+3\\s+Kubernetes\\s+" + ns);
            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "ps", "--orchestrator=kubernetes",
                    "hellokube"))).contains("hellokube_words-", "hellokube_db-", "hellokube_web-", "sim-node-");

            // A stack whose pods fail: the CLI reads the status (with kstack's failures field beside phase and
            // message) and ends with the message's one clause per failing service.
            Path broken = dir.resolve("broken.yml");
            Files.writeString(broken, "version: \"3.3\"\nservices:\n  api:\n    image: api:1\n    labels:\n"
                    + "      kstack.dev/simulate: crashloop\n");
            DockerCli.Result failed = docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "deploy",
                    "--orchestrator=kubernetes", "-c", broken.toString(), "broken");
            System.out.println("docker stack deploy of a failing stack:\n" + failed.output());
            assertThat(failed.exitCode()).as(failed.output()).isNotZero();
            assertThat(failed.output()).contains("api: 1/1 pods CrashLoopBackOff");
            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "ls", "--orchestrator=kubernetes")))
                    .containsPattern("broken\\s+1\\s+Kubernetes\\s+" + ns);

            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "rm", "--orchestrator=kubernetes",
                    "hellokube", "broken"))).contains("Removing stack: hellokube", "Removing stack: broken");
            Await.until(StackFixture.TIMEOUT, "the stack's Deployments are garbage-collected",
                    () -> admin.apps().deployments().inNamespace(ns).list().getItems().isEmpty());
        }
    }

    private static String ok(DockerCli.Result r) {
        assertThat(r.exitCode()).as("docker exit code; output:%n%s", r.output()).isZero();
        return r.output();
    }
}
