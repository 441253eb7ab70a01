package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.api.DeployConfig;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option parsing and exit codes of the commands, where no cluster is needed. */
class CommandLineTest {
    @TempDir
    Path dir;

    /** A kubeconfig naming a server nobody listens on: the commands below must fail before any request. */
    Path kubeconfig() throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: ctx, context: {cluster: c, user: u, namespace: team}}]
                current-context: ctx
                """);
        return file;
    }

    @Test
    void deployWithoutComposeFileIsUsageError() {
        Cli.Run r = Cli.run("deploy", "hellokube");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--compose-file=FILE'");
    }

    @Test
    void deployOfAnInvalidFileNamesFileLineAndColumnAndExitsTwo() throws Exception {
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, "services:\n  web:\n    image: nginx\n    ports: [\"eighty\"]\n");

        Cli.Run r = Cli.run("deploy", "--kubeconfig", kubeconfig().toString(), "-c", compose.toString(), "hellokube");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(compose + ":4:").contains("services.web.ports[0]");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unreachableClusterIsExitOneWithOneLine() throws Exception {
        Cli.Run r = Cli.run("ls", "--kubeconfig", kubeconfig().toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
    }

    @Test
    void aMissingKubeconfigFileIsUsageError() {
        Cli.Run r = Cli.run("ls", "--kubeconfig", dir.resolve("nope").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--kubeconfig: no such file");
    }

    @Test
    void theNamespaceComesFromTheContextUnlessGiven() throws Exception {
        ClusterOptions o = new ClusterOptions();
        o.kubeconfig = kubeconfig();
        assertThat(o.namespace(null)).isEqualTo("team");
        assertThat(o.clusterName(null)).isEqualTo("ctx_127.0.0.1_1");
        o.namespace = "other";
        assertThat(o.namespace(null)).isEqualTo("other");
    }

    @Test
    void scaleArgumentsMustBeServiceEqualsNumber() {
        Cli.Run r = Cli.run("scale", "hellokube", "words");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'words' is not SERVICE=REPLICAS");
    }

    @Test
    void scaleChangesOnlyTheNamedServices() {
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.of("words", "api"), ServiceConfig.of("db", "db")));

        StackSpec scaled = ScaleCommand.scaled(spec, Map.of("words", 3L));

        assertThat(scaled.services().get(0).deploy().replicas()).isEqualTo(3L);
        assertThat(scaled.services().get(1)).isEqualTo(spec.services().get(1));
    }

    @Test
    void scaleRefusesUnknownAndGlobalServices() {
        ServiceConfig agent = ServiceConfig.of("agent", "a").toBuilder()
                .deploy(new DeployConfig("global", null, null, null, null, null, null, null)).build();
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.of("words", "api"), agent));

        assertThatThrownBy(() -> ScaleCommand.scaled(spec, Map.of("web", 2L)))
                .hasMessage("the stack has no service \"web\" (services: agent, words)");
        assertThatThrownBy(() -> ScaleCommand.scaled(spec, Map.of("agent", 2L)))
                .hasMessageContaining("service \"agent\" is global");
    }

    @Test
    void installDryRunPrintsTheManifestsWithImageNamespaceAndReplicas() {
        Cli.Run r = Cli.run("install", "--dry-run", "-n", "ops", "--image", "registry.example/kstack", "--tag", "1.2.3",
                "--replicas", "2");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("kind: CustomResourceDefinition", "name: stacks.compose.docker.com",
                "kind: MutatingWebhookConfiguration", "kind: ValidatingWebhookConfiguration",
                "name: kstack-controller", "name: kstack-server", "namespace: ops",
                "image: registry.example/kstack:1.2.3", "replicas: 2", "- controller", "- server",
                // the server issues and renews its own serving certificate from the CA in its Secret
                "- \"--self-signed=kstack-server.ops.svc,kstack-server.ops.svc.cluster.local,kstack-server.ops,kstack-server\"",
                "- --tls-ca-file=/var/run/kstack/tls/ca.crt", "- --tls-ca-key-file=/var/run/kstack/tls/ca.key",
                "ca.key: |", "BEGIN PRIVATE KEY")
                .doesNotContain("tls.crt", "tls.key", "--tls-cert-file");
    }

    @Test
    void apiserverModeDryRunPrintsServerEtcdRegistrationAndController() {
        Cli.Run r = Cli.run("install", "--mode", "apiserver", "--dry-run", "-n", "ops", "--tag", "1.2.3");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("kind: APIService", "name: v1alpha3.compose.docker.com",
                "name: v1beta2.compose.docker.com", "name: v1beta1.compose.docker.com", "caBundle: ",
                "name: system:auth-delegator", "name: extension-apiserver-authentication-reader",
                "kind: StatefulSet", "name: kstack-etcd", "- apiserver",
                "--etcd-servers=http://kstack-etcd-0.kstack-etcd.ops.svc:2379", "name: kstack-controller",
                "image: kstack/kstack:1.2.3", "namespace: ops",
                "- \"--self-signed=kstack-apiserver.ops.svc,localhost,127.0.0.1\"",
                "- --tls-ca-file=/var/run/kstack/tls/ca.crt", "- --tls-ca-key-file=/var/run/kstack/tls/ca.key",
                "ca.key: ")
                .doesNotContain("kind: CustomResourceDefinition", "WebhookConfiguration", "--tls-cert-file");
    }

    @Test
    void apiserverModeWithExternalEtcdBundlesNoEtcd() {
        Cli.Run r = Cli.run("install", "--mode", "apiserver", "--dry-run", "--etcd-servers",
                "https://etcd-a:2379,https://etcd-b:2379");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--etcd-servers=https://etcd-a:2379,https://etcd-b:2379")
                .doesNotContain("kind: StatefulSet");
    }

    @Test
    void completionScriptsForBashAndZsh() {
        Cli.Run bash = Cli.run("completion", "bash");
        Cli.Run zsh = Cli.run("completion", "zsh");

        assertThat(bash.exit()).isZero();
        assertThat(bash.out()).contains("complete -F", "deploy", "uninstall");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit", "complete -F");
    }

    @Test
    void versionWithoutAReachableServerPrintsTheClientAndSaysNoServerWasReached() throws Exception {
        Cli.Run r = Cli.run("version", "--kubeconfig", kubeconfig().toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).matches("Client: kstack \\S+\n");
        assertThat(r.err()).startsWith("error: no Kubernetes API server was reached at https://127.0.0.1:1")
                .doesNotContain("An error has occurred").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void versionWithClientOnlyNeedsNoCluster() {
        Cli.Run r = Cli.run("version", "--client");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("Client: kstack \\S+\n");
    }
}
