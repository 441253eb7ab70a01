package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.DockerCli;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.RealNode;
import dev.kstack.testenv.RealNodeLayout;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kstack deploy --build} on the real node: two services with {@code build:} (Dockerfiles {@code FROM busybox}
 * copying a page and a script, one with a build arg) are built by the Docker CLI 20.10 (first on the PATH) into the
 * node's dockerd, pushed to the node's local registry and deployed by digest; the pods run those digests and serve
 * what the Dockerfiles put in. A third service reads a compose build secret in a {@code RUN} (the Docker CLI with
 * BuildKit, {@code network: none}: the node's dockerd has no bridge). A changed page and a second {@code deploy --build} roll the page's pod to the new
 * digest; the unchanged service keeps its digest and its pod.
 */
@ExtendWith(LocalClusterExtension.class)
@RealNode
class BuildRealNodeIT {
    private static final int PAGE_PORT = 18083;
    private static final int SCRIPT_PORT = 18084;
    private static final int SECRET_PORT = 18085;
    private static final Duration READY = Duration.ofSeconds(180);
    private static final Pattern PUSHED = Pattern.compile("Pushed (\\w+): (\\S+@sha256:[0-9a-f]{64})");
    private static final String COMPOSE = """
            name: buildit
            services:
              page:
                build:
                  context: ./page
                  args: {GREETING: hello from a build arg}
                ports: ["%d:8080"]
              script:
                build: {context: ./script, dockerfile: Dockerfile.script}
                ports: ["%d:8080"]
              secret:
                build:
                  context: ./secret
                  network: none
                  secrets: [token]
                ports: ["%d:8080"]
            secrets:
              token: {file: ./token.txt}
            """.formatted(PAGE_PORT, SCRIPT_PORT, SECRET_PORT);

    @TempDir
    Path dir;

    @Test
    void deployBuildRunsTheBuiltDigestsAndARebuildRollsThePods(LocalCluster cluster, KubernetesClient admin,
            ClusterUsers users) throws Exception {
        String kubeconfig = cluster.kubeconfig().toString();
        String ns = users.createNamespace("build");
        String registry = "127.0.0.1:" + cluster.port("registry");
        Path compose = Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
        Path page = Files.createDirectories(dir.resolve("page"));
        Files.writeString(page.resolve("Dockerfile"), """
                FROM busybox
                ARG GREETING
                ENV GREETING=$GREETING
                COPY index.html /www/index.html
                CMD ["sh", "-c", "echo \\"$GREETING\\" > /www/greeting.txt; exec httpd -f -p 8080 -h /www"]
                """);
        Files.writeString(page.resolve("index.html"), "page version 1\n");
        Path script = Files.createDirectories(dir.resolve("script"));
        Files.writeString(script.resolve("Dockerfile.script"), """
                FROM busybox
                COPY serve.sh /serve.sh
                CMD ["sh", "/serve.sh"]
                """);
        Files.writeString(script.resolve("serve.sh"),
                "mkdir -p /www; echo served by the copied script > /www/index.html; exec httpd -f -p 8080 -h /www\n");
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(secret.resolve("Dockerfile"), """
                FROM busybox
                RUN --mount=type=secret,id=token mkdir -p /www && wc -c < /run/secrets/token > /www/index.html
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                """);
        Files.writeString(dir.resolve("token.txt"), "s3cret\n");

        Path state = dir.resolve("run-local");
        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
        try {
            Map<String, String> first = deployBuild(kubeconfig, ns, compose, registry);
            assertThat(first.keySet()).containsExactlyInAnyOrder("page", "script", "secret");
            assertThat(first.get("page")).startsWith(registry + "/buildit-page@sha256:");
            assertThat(first.get("script")).startsWith(registry + "/buildit-script@sha256:");
            assertRuns(admin, ns, first);
            Await.until(READY, "page serves its copied page",
                    () -> LocalHttp.get(PAGE_PORT, "/").equals("page version 1\n"));
            assertThat(LocalHttp.get(PAGE_PORT, "/greeting.txt")).isEqualTo("hello from a build arg\n");
            Await.until(READY, "script serves what its copied script wrote",
                    () -> LocalHttp.get(SCRIPT_PORT, "/").equals("served by the copied script\n"));
            Await.until(READY, "secret serves the size of the build secret it read (BuildKit's --secret)",
                    () -> LocalHttp.get(SECRET_PORT, "/").strip().equals("7"));
            String scriptPod = podOf(admin, ns, "script").getMetadata().getUid();

            Files.writeString(page.resolve("index.html"), "page version 2\n");
            Map<String, String> second = deployBuild(kubeconfig, ns, compose, registry);
            assertThat(second.get("page")).as("a changed context is a new digest").isNotEqualTo(first.get("page"));
            assertThat(second.get("script")).as("an unchanged context is the same digest")
                    .isEqualTo(first.get("script"));
            assertRuns(admin, ns, second);
            Await.until(READY, "page serves its new page",
                    () -> LocalHttp.get(PAGE_PORT, "/").equals("page version 2\n"));
            assertThat(podOf(admin, ns, "script").getMetadata().getUid()).as("script's pod is kept")
                    .isEqualTo(scriptPod);

            Cli.Run rm = Cli.run(WordsmithIT.args(new String[] {"--kubeconfig", kubeconfig, "-n", ns}, "rm", "buildit"));
            assertThat(rm.exit()).as(rm.err()).isZero();
            Await.until(READY, "no pod of the stack left", () -> admin.pods().inNamespace(ns)
                    .withLabel(StackLabels.STACK, "buildit").list().getItems().isEmpty());
        } finally {
            Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", kubeconfig,
                    "--state-dir", state.toString());
            assertThat(uninstall.exit()).as(uninstall.err()).isZero();
        }
    }

    /**
     * The environment of a {@code bin/kstack} that builds with the provisioned Docker CLI {@code docker} (first on the
     * PATH) in the real node's dockerd.
     */
    static Map<String, String> nodeDocker(Path docker) {
        return Map.of("DOCKER_HOST", "unix://" + RealNodeLayout.dockerSocket(),
                "PATH", docker.getParent() + ":" + System.getenv("PATH"), "KSTACK_NO_BUILD", "1");
    }

    /** {@code kstack deploy --build} with the Docker CLI pointed at the node's dockerd; the pushed references. */
    private Map<String, String> deployBuild(String kubeconfig, String ns, Path compose, String registry)
            throws Exception {
        Path docker = DockerCli.provision();
        Cli.Run deploy = Cli.binary(dir, nodeDocker(docker),
                Duration.ofMinutes(6), "deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", compose.toString(),
                "--build", "--registry", registry, "--timeout", "4m", "buildit");
        assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
        assertThat(deploy.out()).contains("Building with docker (" + docker + ", daemon 20.10.",
                " at unix://" + RealNodeLayout.dockerSocket() + ")", "Stack buildit is stable and running");
        assertThat(deploy.err()).doesNotContain("build is ignored");
        Map<String, String> pushed = new java.util.TreeMap<>();
        Matcher m = PUSHED.matcher(deploy.out());
        while (m.find()) {
            pushed.put(m.group(1), m.group(2));
        }
        return pushed;
    }

    /** Each service's one running pod runs the pushed digest: in its spec and in what the runtime reports. */
    private static void assertRuns(KubernetesClient admin, String ns, Map<String, String> refs) {
        Await.until(READY, "one ready pod per service with the pushed reference", () -> refs.entrySet().stream()
                .allMatch(e -> {
                    List<Pod> pods = pods(admin, ns, e.getKey());
                    return pods.size() == 1 && pods.get(0).getSpec().getContainers().get(0).getImage()
                            .equals(e.getValue()) && ready(pods.get(0));
                }));
        refs.forEach((service, ref) -> {
            ContainerStatus status = podOf(admin, ns, service).getStatus().getContainerStatuses().get(0);
            String digest = ref.substring(ref.indexOf('@') + 1);
            assertThat(status.getImageID()).as(service + "'s image id").endsWith("@" + digest);
        });
    }

    private static List<Pod> pods(KubernetesClient admin, String ns, String service) {
        return admin.pods().inNamespace(ns).withLabel(StackLabels.SERVICE_NAME, service).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Pod podOf(KubernetesClient admin, String ns, String service) {
        List<Pod> pods = pods(admin, ns, service);
        assertThat(pods).as(service + "'s pods").hasSize(1);
        return pods.get(0);
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().allMatch(ContainerStatus::getReady);
    }
}
