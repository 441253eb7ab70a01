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

    /**
     * Compose names Kubernetes refuses, through the Docker CLI: the Stack keeps them, the objects get the derived names,
     * the workloads are written once the renamed services' Services have their ClusterIPs and map the compose names to
     * them in /etc/hosts, and a Service created again with another address rolls the pods.
     */
    @Test
    void composeNamesKubernetesRefusesAreDeployedAndResolveToTheirServices(KubernetesClient admin, LocalCluster cluster,
            ClusterUsers users, @TempDir Path dir) throws Exception {
        String ns = users.createNamespace("docker-cli-names");
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, """
                version: "3.7"
                services:
                  front_end:
                    image: busybox
                    ports: ["8080:80"]
                    environment: {DB_HOST: db_server}
                  db_server:
                    image: busybox
                    ports: ["5432"]
                  serviceA:
                    image: busybox
                """);
        try (DockerCli docker = DockerCli.start(cluster, dir.resolve("docker"))) {
            Path kubeconfig = docker.kubeconfig(ns);

            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "deploy", "--orchestrator=kubernetes",
                    "-c", compose.toString(), "names"))).contains("Stack names is stable and running");

            assertThat(StackFixture.get(admin, ns, "names").spec().services()).extracting(s -> s.name())
                    .containsExactlyInAnyOrder("front_end", "db_server", "serviceA");
            assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
                    .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("front-end", "db-server",
                            "servicea");
            String dbIp = admin.services().inNamespace(ns).withName("db-server").get().getSpec().getClusterIP();
            assertThat(hosts(admin, ns, "servicea")).contains(dbIp + "\tdb_server\n");
            assertThat(hosts(admin, ns, "front-end")).contains(dbIp + "\tdb_server\n");

            admin.services().inNamespace(ns).withName("db-server").delete();
            Await.until(StackFixture.TIMEOUT, "front-end's pods map db_server to the new Service's address", () -> {
                var svc = admin.services().inNamespace(ns).withName("db-server").get();
                return svc != null && !svc.getSpec().getClusterIP().equals(dbIp)
                        && hosts(admin, ns, "front-end").contains(svc.getSpec().getClusterIP() + "\tdb_server\n");
            });

            assertThat(ok(docker.run(kubeconfig, COMMAND_TIMEOUT, "stack", "rm", "--orchestrator=kubernetes",
                    "names"))).contains("Removing stack: names");
        }
    }

    private static String hosts(KubernetesClient admin, String ns, String deployment) {
        var annotations = admin.apps().deployments().inNamespace(ns).withName(deployment).get().getSpec().getTemplate()
                .getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault("kstack.dev/hosts", "");
    }

    private static String ok(DockerCli.Result r) {
        assertThat(r.exitCode()).as("docker exit code; output:%n%s", r.output()).isZero();
        return r.output();
    }
}
