package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's story on the real local control plane, through the command line: install --run-local, deploy the
 * wordsmith example as hellokube, redeploy a change, ps, services, logs, scale, a failing deploy, rm, uninstall.
 * One ordered test: each step needs the previous one.
 */
@ExtendWith(LocalClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WordsmithIT {
    static final Path WORDSMITH = Path.of(System.getProperty("kstack.root", "..")).resolve(
            "examples/wordsmith/docker-compose.yml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    @Order(1)
    void theWholeStory(LocalCluster cluster, KubernetesClient admin, ClusterUsers users) throws Exception {
        String kubeconfig = cluster.kubeconfig().toString();
        String ns = users.createNamespace("wordsmith");
        String[] c = {"--kubeconfig", kubeconfig, "-n", ns};
        Path state = dir.resolve("run-local");

        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        try {
            assertThat(install.exit()).as(install.err()).isZero();
            assertThat(install.out()).contains("kstack server started", "kstack controller started",
                    "customresourcedefinition/stacks.compose.docker.com");
            assertThat(Files.readString(state.resolve("server.pid")).trim()).matches("\\d+");

            Cli.Run again = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("kstack server already running", "kstack controller already running",
                    "customresourcedefinition/stacks.compose.docker.com unchanged");

            story(admin, ns, c);
        } finally {
            Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", kubeconfig,
                    "--state-dir", state.toString());
            assertThat(uninstall.exit()).as(uninstall.err()).isZero();
            assertThat(uninstall.out()).contains("kstack controller stopped", "kstack server stopped",
                    "validatingwebhookconfiguration/kstack-server deleted");
        }
        assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server")
                .get()).isNull();
        assertThat(new LocalProcesses(state).running("server")).isEmpty();
    }

    private void story(KubernetesClient admin, String ns, String[] c) throws Exception {
        Cli.Run deploy = Cli.run(args(c, "deploy", "-c", WORDSMITH.toString(), "hellokube"));
        assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
        assertThat(deploy.out()).startsWith("Creating stack hellokube\nWaiting for the stack to be stable and running...\n")
                .contains("words: Ready\n", "web: Ready\n", "db: Ready\n")
                .endsWith("\nStack hellokube is stable and running\n");
        assertThat(deploy.err()).contains("warning: service \"web\": build is ignored");

        Cli.Run ls = Cli.run(args(c, "ls"));
        assertThat(ls.out()).contains("NAME", "hellokube   3          web: 33000   Available (Stack is started)   " + ns);

        // Redeploy with a change: words 5 -> 2 replicas.
        Path v2 = dir.resolve("v2.yml");
        Files.writeString(v2, Files.readString(WORDSMITH).replace("replicas: 5", "replicas: 2"));
        Cli.Run redeploy = Cli.run(args(c, "deploy", "-c", v2.toString(), "hellokube"));
        assertThat(redeploy.exit()).as(redeploy.err()).isZero();
        assertThat(redeploy.out()).startsWith("Updating stack hellokube").endsWith("Stack hellokube is stable and running\n");
        assertThat(Cli.run(args(c, "services", "hellokube")).out()).containsPattern("words +replicated +2/2 ")
                .contains("web     replicated   1/1        dockersamples/k8s-wordsmith-web   33000->80/tcp");

        Await.until(Duration.ofSeconds(60), "words has 2 pods",
                () -> Cli.run(args(c, "ps", "hellokube")).out().lines().filter(l -> l.startsWith("words-")).count() == 2);
        Cli.Run ps = Cli.run(args(c, "ps", "hellokube", "-o", "yaml"));
        assertThat(ps.out()).contains("service: web", "state: Running", "ports: 33000->80/tcp", "node: sim-node-");

        Cli.Run logs = Cli.run(args(c, "logs", "hellokube", "words", "--tail", "1"));
        assertThat(logs.exit()).isZero();
        assertThat(logs.out().lines()).hasSize(2).allMatch(l -> l.startsWith("words.") && l.contains(" | "));

        Cli.Run scale = Cli.run(args(c, "scale", "hellokube", "words=3"));
        assertThat(scale.out()).isEqualTo("hellokube: words scaled to 3\n");
        Await.until(Duration.ofSeconds(60), "words 3/3",
                () -> Cli.run(args(c, "services", "hellokube", "-o", "json")).out().contains("\"replicas\" : \"3/3\""));

        // A stack whose pods crash or fit no node: deploy fails naming each service and cause once, exit 1; ps and
        // services show each pod's reason.
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "services:\n  api:\n    image: api:1\n    labels:\n      kstack.dev/simulate: crashloop\n"
                + "  far:\n    image: far:1\n    deploy:\n      replicas: 2\n      placement:\n"
                + "        constraints: [node.hostname == nowhere]\n");
        Cli.Run failed = Cli.run(args(c, "deploy", "-c", broken.toString(), "--timeout", "90s", "broken"));
        assertThat(failed.exit()).as(failed.out()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failed.err()).startsWith("error: stack broken failed: ")
                .containsPattern("api: 1/1 pods CrashLoopBackOff|far: 2/2 pods Unschedulable");
        Await.until(Duration.ofSeconds(60), "both services of broken failing", () -> Cli.run(args(c, "ls")).out()
                .contains("Failure (api: 1/1 pods CrashLoopBackOff; far: 2/2 pods Unschedulable (0/2 nodes: "));
        Cli.Run brokenPs = Cli.run(args(c, "ps", "broken", "-o", "json"));
        assertThat(brokenPs.out()).contains("\"state\" : \"CrashLoopBackOff\"")
                .containsPattern("\"state\" : \"Unschedulable\",[^}]*\"error\" : \"0/2 nodes are available: 2 node\\(s\\)"
                        + " didn't match [^\"]+\"");
        assertThat(Cli.run(args(c, "ps", "broken")).out().lines().filter(l -> l.startsWith("far-")))
                .hasSize(2).allMatch(l -> l.contains(" Unschedulable   ") && l.contains("0/2 nodes are available: 2 node(s) didn't match"));
        assertThat(Cli.run(args(c, "services", "broken")).out())
                .containsPattern("(?m)far +replicated +0/2 +far:1 +2/2 pods Unschedulable \\(0/2 nodes: didn't match [^)]+\\)$");

        Cli.Run rm = Cli.run(args(c, "rm", "hellokube", "broken"));
        assertThat(rm.exit()).as(rm.err()).isZero();
        assertThat(rm.out()).isEqualTo("Removing stack: hellokube\nRemoving stack: broken\n");
        assertThat(admin.apps().deployments().inNamespace(ns).withLabel(StackLabels.STACK, "hellokube").list()
                .getItems()).isEmpty();
        assertThat(Cli.run(args(c, "ls")).err()).contains("No stacks found");
    }

    static String[] args(String[] common, String... rest) {
        String[] out = new String[rest.length + common.length];
        System.arraycopy(rest, 0, out, 0, rest.length);
        System.arraycopy(common, 0, out, rest.length, common.length);
        return out;
    }
}
