package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl stack ...} runs kstack when bin/kubectl-stack is on PATH, against kubectl's cluster: version,
 * install --run-local, ls (empty, then with a stack), deploy, rm, uninstall.
 */
@ExtendWith(LocalClusterExtension.class)
class KubectlPluginIT {
    static final Path WORDSMITH = Path.of(System.getProperty("kstack.root", "..")).resolve(
            "examples/wordsmith/docker-compose.yml").toAbsolutePath().normalize();
    static final Path BIN = Path.of(System.getProperty("kstack.root", "..")).resolve("bin").toAbsolutePath().normalize();

    /** Exit code, stdout, and stdout followed by stderr (for failure messages). */
    record Result(int exit, String stdout, String stderr) {
        String out() {
            return stdout + stderr;
        }
    }

    static Result kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        Path err = Files.createTempFile("kubectl-stack", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(concat(List.of("kubectl"), List.of(args)))
                    .redirectError(err.toFile());
            pb.environment().put("PATH", BIN + ":" + System.getenv("PATH"));
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void kubectlFindsThePluginAndPassesItsKubeconfig(LocalCluster cluster, ClusterUsers users, @TempDir Path dir)
            throws Exception {
        Path kubeconfig = cluster.kubeconfig();
        Result plugins = kubectl(kubeconfig, "plugin", "list");
        assertThat(plugins.out()).contains(BIN.resolve("kubectl-stack").toString());

        Result version = kubectl(kubeconfig, "stack", "version");
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out()).contains("Client: kstack ", "Kubernetes: v1.");

        String state = dir.resolve("run-local").toString();
        Result install = kubectl(kubeconfig, "stack", "install", "--run-local", "--state-dir", state);
        assertThat(install.exit()).as(install.out()).isZero();
        try {
            String ns = users.createNamespace("plugin");
            Result empty = kubectl(kubeconfig, "stack", "ls", "-n", ns);
            assertThat(empty.exit()).as(empty.out()).isZero();
            assertThat(empty.stdout()).isEmpty();
            // (bin/kstack may say first on stderr that it rebuilds kstack)
            assertThat(empty.stderr()).endsWith("No stacks found in namespace " + ns + ".\n");

            Result deploy = kubectl(kubeconfig, "stack", "deploy", "-n", ns, "-c", WORDSMITH.toString(), "--detach",
                    "hellokube");
            assertThat(deploy.exit()).as(deploy.out()).isZero();
            Result ls = kubectl(kubeconfig, "stack", "ls", "-n", ns);
            assertThat(ls.exit()).as(ls.out()).isZero();
            assertThat(ls.stdout()).startsWith("NAME ").contains("hellokube   3 ");
            assertThat(kubectl(kubeconfig, "stack", "rm", "-n", ns, "hellokube").exit()).isZero();
        } finally {
            Result uninstall = kubectl(kubeconfig, "stack", "uninstall", "--run-local", "--state-dir", state);
            assertThat(uninstall.exit()).as(uninstall.out()).isZero();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
