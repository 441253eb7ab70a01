package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kstack exec} on the local control plane with the node simulator: it finds the stack, the service and a
 * running pod through the API, and says clearly what is missing. The simulator runs no containers and serves no
 * exec endpoint, so running a command can only fail here, with the pod named; the real node runs it for real.
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecIT {
    @TempDir
    static Path dir;

    String kubeconfig;
    Path state;
    String ns;

    @BeforeAll
    void deploy(LocalCluster cluster, ClusterUsers users) throws Exception {
        kubeconfig = cluster.kubeconfig().toString();
        state = dir.resolve("run-local");
        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
        ns = users.createNamespace("exec");
        Path compose = dir.resolve("compose.yaml");
        Files.writeString(compose, "services:\n  web:\n    image: busybox\n    command: [httpd, -f]\n");
        Cli.Run deploy = Cli.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c", compose.toString(), "shell");
        assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
    }

    @AfterAll
    void uninstall() {
        Cli.run("rm", "--kubeconfig", kubeconfig, "-n", ns, "shell");
        Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", kubeconfig,
                "--state-dir", state.toString());
        assertThat(uninstall.exit()).as(uninstall.err()).isZero();
    }

    @Test
    void aStackThatDoesNotExistIsNamed() {
        Cli.Run r = Cli.run("exec", "--kubeconfig", kubeconfig, "-n", ns, "nothere", "web");

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).isEqualTo("error: stack \"nothere\" not found in namespace \"" + ns + "\"\n");
    }

    @Test
    void anUnknownServiceIsAUsageErrorListingTheStacksServices() {
        Cli.Run r = Cli.run("exec", "--kubeconfig", kubeconfig, "-n", ns, "shell", "db");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("error: stack \"shell\" has no service \"db\" (services: web)\n");
    }

    @Test
    void theSimulatorCannotExecAndTheFailureNamesTheRunningPodThatWasChosen() {
        Cli.Run r = Cli.run("exec", "--no-stdin", "--no-tty", "--kubeconfig", kubeconfig, "-n", ns, "shell", "web",
                "--", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        // the API server found no exec endpoint on the simulated kubelet
        assertThat(r.err()).startsWith("error: cannot run [true] in pod web-").contains("404");
    }
}
