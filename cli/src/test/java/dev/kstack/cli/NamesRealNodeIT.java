package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.RealNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compose service names that Kubernetes refuses, on the real node: {@code front_end} fetches a page from
 * {@code db_server} by that name (an address only its stack's {@code /etc/hosts} knows) and serves it on its published
 * port, which answers on this machine; {@code kstack services} shows both names of each service.
 *
 * <p>front_end's client gives each attempt 5 s ({@code timeout 5 wget}; Debian's busybox 1.35 {@code wget -T} ends at
 * once with a segmentation fault, which one earlier failure was).
 */
@ExtendWith(LocalClusterExtension.class)
@RealNode
class NamesRealNodeIT {
    private static final int PUBLISHED = 18081;
    private static final Duration READY = Duration.ofSeconds(180);
    private static final String COMPOSE = """
            services:
              front_end:
                image: busybox
                ports: ["%d:80"]
                environment: {DB_HOST: db_server}
                entrypoint: [sh, -c]
                command:
                  - mkdir -p /www; until timeout 5 wget -q -O /www/index.html http://$$DB_HOST:8000/; do sleep 1; done;
                    exec httpd -f -p 80 -h /www
              db_server:
                image: busybox
                expose: ["8000"]
                entrypoint: [sh, -c]
                command: ["mkdir -p /www; echo served by db_server > /www/index.html; exec httpd -f -p 8000 -h /www"]
            """.formatted(PUBLISHED);

    @TempDir
    Path dir;

    @Test
    void frontEndReachesDbServerByItsComposeNameAndItsPublishedPortAnswers(LocalCluster cluster,
            KubernetesClient admin, ClusterUsers users) throws Exception {
        String kubeconfig = cluster.kubeconfig().toString();
        String ns = users.createNamespace("names");
        String[] c = {"--kubeconfig", kubeconfig, "-n", ns};
        Path compose = Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
        Path state = dir.resolve("run-local");
        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
        try {
            Cli.Run deploy = Cli.run(WordsmithIT.args(c, "deploy", "-c", compose.toString(), "--timeout", "4m",
                    "names"));
            assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
            assertThat(deploy.err()).contains("warning: service \"db_server\": its Kubernetes objects are named"
                    + " \"db-server\"");

            try {
                Await.until(READY, "front_end serves db_server's page on 127.0.0.1:" + PUBLISHED,
                        () -> LocalHttp.get(PUBLISHED, "/").contains("served by db_server"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; kstack ps: " + Cli.run(WordsmithIT.args(c, "ps", "names"))
                        .out() + "; front_end's log: " + Cli.run(WordsmithIT.args(c, "logs", "names", "front_end")).out()
                        + "; Services: " + admin.services().inNamespace(ns).list().getItems().stream()
                                .map(s -> s.getMetadata().getName() + "=" + s.getSpec().getClusterIP()).toList()
                        + "; Endpoints: " + admin.endpoints().inNamespace(ns).list().getItems().stream()
                                .map(ep -> ep.getMetadata().getName() + "=" + ep.getSubsets()).toList(), e);
            }
            assertThat(Cli.run(WordsmithIT.args(c, "services", "names")).out())
                    .contains("front_end (front-end)", "db_server (db-server)", "localhost:" + PUBLISHED + "->80/tcp");

            Cli.Run rm = Cli.run(WordsmithIT.args(c, "rm", "names"));
            assertThat(rm.exit()).as(rm.err()).isZero();
            Await.until(READY, "no pod of the stack left", () -> admin.pods().inNamespace(ns)
                    .withLabel(StackLabels.STACK, "names").list().getItems().isEmpty());
        } finally {
            Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", kubeconfig,
                    "--state-dir", state.toString());
            assertThat(uninstall.exit()).as(uninstall.err()).isZero();
        }
    }
}
