package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code kubectl stack ...} runs kstack when bin/kubectl-stack is on PATH, against kubectl's cluster. */
@ExtendWith(LocalClusterExtension.class)
class KubectlPluginIT {
    static final Path BIN = Path.of(System.getProperty("kstack.root", "..")).resolve("bin").toAbsolutePath().normalize();

    record Result(int exit, String out) {
    }

    static Result kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(concat(List.of("kubectl"), List.of(args))).redirectErrorStream(true);
        pb.environment().put("PATH", BIN + ":" + System.getenv("PATH"));
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void kubectlFindsThePluginAndPassesItsKubeconfig(LocalCluster cluster) throws Exception {
        Result plugins = kubectl(cluster.kubeconfig(), "plugin", "list");
        assertThat(plugins.out()).contains(BIN.resolve("kubectl-stack").toString());

        Result version = kubectl(cluster.kubeconfig(), "stack", "version");
        assertThat(version.exit()).as(version.out()).isZero();
        assertThat(version.out()).contains("Client: kstack ", "Kubernetes: v1.");

        Result ls = kubectl(cluster.kubeconfig(), "stack", "ls", "-n", "kstack-plugin-test");
        assertThat(ls.exit()).as(ls.out()).isIn(0, 1);
        assertThat(ls.out()).containsAnyOf("No stacks found in namespace kstack-plugin-test.",
                "the server could not find the requested resource");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
