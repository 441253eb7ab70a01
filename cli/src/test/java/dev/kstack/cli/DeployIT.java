package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Deploy beyond the happy path, on the real local control plane with kstack installed run-local: Secrets and
 * ConfigMaps from file, content and environment (created, then updated on redeploy, never "already exists"),
 * {@code --prune}, {@code --detach}, {@code --context}, and {@code logs -f} until the stack is removed.
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployIT {
    @TempDir
    static Path dir;

    String kubeconfig;
    Path state;

    @BeforeAll
    void install(LocalCluster cluster) {
        kubeconfig = cluster.kubeconfig().toString();
        state = dir.resolve("run-local");
        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
    }

    @AfterAll
    void uninstall() {
        Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", kubeconfig,
                "--state-dir", state.toString());
        assertThat(uninstall.exit()).as(uninstall.err()).isZero();
    }

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    static String compose(String tokenFile, String siteContent, boolean withExtra) {
        return """
                services:
                  web:
                    image: nginx
                    secrets: [token, home]
                    configs: [site%s]
                secrets:
                  token: {file: %s}
                  home: {environment: HOME}
                configs:
                  site: {content: "%s"}
                %s""".formatted(withExtra ? ", extra" : "", tokenFile, siteContent,
                withExtra ? "  extra: {content: \"more\"}\n" : "");
    }

    static String secretText(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void secretsAndConfigsAreCreatedThenUpdatedOnRedeployAndPrunedOnRequest(KubernetesClient admin, ClusterUsers users)
            throws Exception {
        String ns = users.createNamespace("deploy-files");
        Path token = write("token.txt", "s3cret-1");
        Path v1 = write("v1.yml", compose(token.toString(), "listen 80", true));

        Cli.Run first = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", v1.toString(), "files");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("Secret token created\n", "Secret home created\n",
                "ConfigMap site created\n", "ConfigMap extra created\n", "Creating stack files\n",
                "Stack files is stable and running\n");
        // a file's content is under the file's name, as the Docker CLI writes it; other sources under the object's name
        assertThat(secretText(admin.secrets().inNamespace(ns).withName("token").get(), "token.txt"))
                .isEqualTo("s3cret-1");
        assertThat(secretText(admin.secrets().inNamespace(ns).withName("home").get(), "home"))
                .isEqualTo(System.getenv("HOME"));
        assertThat(admin.configMaps().inNamespace(ns).withName("site").get().getData()).containsEntry("site", "listen 80");

        // Changed file and content: updated in place, and the stack is written again.
        Files.writeString(token, "s3cret-2");
        Path v2 = write("v2.yml", compose(token.toString(), "listen 8080", true));
        Cli.Run second = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", v2.toString(), "files");
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("Secret token updated\n", "ConfigMap site updated\n")
                .doesNotContain("Secret home", "ConfigMap extra");
        assertThat(second.err()).doesNotContain("already exists");
        assertThat(secretText(admin.secrets().inNamespace(ns).withName("token").get(), "token.txt"))
                .isEqualTo("s3cret-2");
        assertThat(admin.configMaps().inNamespace(ns).withName("site").get().getData())
                .containsEntry("site", "listen 8080");

        // The same files again: nothing to write.
        Cli.Run same = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", v2.toString(), "--detach", "files");
        assertThat(same.exit()).isZero();
        assertThat(same.out()).isEqualTo("Stack files is unchanged\n");

        // "extra" no longer defined: kept without --prune, deleted with it.
        Path v3 = write("v3.yml", compose(token.toString(), "listen 8080", false));
        Cli.Run kept = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", v3.toString(), "files");
        assertThat(kept.exit()).as(kept.err()).isZero();
        assertThat(admin.configMaps().inNamespace(ns).withName("extra").get()).isNotNull();
        Cli.Run pruned = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", v3.toString(), "--prune",
                "files");
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("ConfigMap extra deleted (pruned)\n").doesNotContain("site deleted", "token");
        assertThat(admin.configMaps().inNamespace(ns).withName("extra").get()).isNull();
        assertThat(admin.configMaps().inNamespace(ns).withName("site").get()).isNotNull();
        assertThat(admin.secrets().inNamespace(ns).withName("token").get()).isNotNull();

        assertThat(Cli.run("rm", "--kubeconfig", kubeconfig, "-n", ns, "files").exit()).isZero();
    }

    @Test
    void detachReturnsOnceTheStackIsWritten(KubernetesClient admin, ClusterUsers users) throws Exception {
        String ns = users.createNamespace("deploy-detach");
        Path file = write("detach.yml", "services:\n  web:\n    image: nginx\n");

        Cli.Run r = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", file.toString(), "-d", "quick");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Creating stack quick\n");
        assertThat(admin.genericKubernetesResources("compose.docker.com/v1alpha3", "Stack").inNamespace(ns)
                .withName("quick").get()).isNotNull();
        assertThat(Cli.run("rm", "--kubeconfig", kubeconfig, "-n", ns, "quick").exit()).isZero();
    }

    @Test
    void contextSelectsTheClusterAndItsNamespace(ClusterUsers users) throws Exception {
        String ns = users.createNamespace("deploy-context");
        Path twoContexts = kubeconfigWithABrokenCurrentContext(ns);
        Path file = write("context.yml", "services:\n  web:\n    image: nginx\n");

        Cli.Run current = Cli.run("deploy", "--kubeconfig", twoContexts.toString(), "-c", file.toString(), "-d", "ctx");
        Cli.Run chosen = Cli.run("deploy", "--kubeconfig", twoContexts.toString(), "--context", "good",
                "-c", file.toString(), "-d", "ctx");

        assertThat(current.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(current.err()).startsWith("error: ");
        assertThat(chosen.exit()).as(chosen.err()).isZero();
        Cli.Run ls = Cli.run("ls", "--kubeconfig", twoContexts.toString(), "--context", "good");
        assertThat(ls.out()).contains("ctx").contains(ns);
        assertThat(Cli.run("rm", "--kubeconfig", twoContexts.toString(), "--context", "good", "ctx").exit()).isZero();
    }

    /** The test cluster's kubeconfig with its context renamed "good" (namespace ns) and a current one nobody serves. */
    Path kubeconfigWithABrokenCurrentContext(String ns) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode config = (ObjectNode) yaml.readTree(Path.of(kubeconfig).toFile());
        ObjectNode good = (ObjectNode) config.withArray("contexts").get(0);
        good.put("name", "good");
        ((ObjectNode) good.get("context")).put("namespace", ns);
        String user = good.get("context").get("user").asText();
        ArrayNode clusters = config.withArray("clusters");
        clusters.addObject().put("name", "nowhere").putObject("cluster").put("server", "https://127.0.0.1:1")
                .put("insecure-skip-tls-verify", true);
        config.withArray("contexts").addObject().put("name", "broken").putObject("context")
                .put("cluster", "nowhere").put("user", user);
        config.put("current-context", "broken");
        Path file = dir.resolve("two-contexts.kubeconfig");
        yaml.writeValue(file.toFile(), config);
        return file;
    }

    @Test
    void logsFollowPrintsNewPodsLinesAndEndsWhenTheStackIsRemoved(ClusterUsers users) throws Exception {
        String ns = users.createNamespace("deploy-logs");
        Path file = write("logs.yml", """
                services:
                  words:
                    image: words:1
                    deploy: {replicas: 2}
                    labels:
                      kstack.dev/simulate-log: "hello from words"
                """);
        assertThat(Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", file.toString(), "chatty").exit())
                .isZero();

        StringWriter out = new StringWriter();
        CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> {
            String[] args = {"logs", "--kubeconfig", kubeconfig, "-n", ns, "chatty", "words", "-f", "--no-color"};
            CommandLine cli = KstackCommand.commandLine(args);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(new StringWriter()));
            return cli.execute(args);
        });
        Await.until(Duration.ofSeconds(60), "both pods' lines followed",
                () -> out.toString().lines().filter(l -> l.contains("hello from words")).count() >= 2);
        assertThat(follow).isNotDone();

        assertThat(Cli.run("rm", "--kubeconfig", kubeconfig, "-n", ns, "chatty").exit()).isZero();
        Await.until(Duration.ofSeconds(60), "logs -f ends after rm", follow::isDone);
        assertThat(follow.get()).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("hello from words")))
                .allMatch(l -> l.startsWith("words.") && l.contains(" | "));
    }
}
