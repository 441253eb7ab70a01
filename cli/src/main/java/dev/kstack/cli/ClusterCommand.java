package dev.kstack.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a cluster: reads the cluster options, opens a client, runs, and turns the client's
 * errors into one line on stderr and exit code 1 (no stack traces for what the cluster refused).
 */
abstract class ClusterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Override
    public final Integer call() {
        checkUsage();
        try (KubernetesClient client = cluster.client(spec.commandLine())) {
            return run(client, cluster.namespace(spec.commandLine()));
        } catch (KubernetesClientException e) {
            err().println("error: " + KubeErrors.describe(e));
            return ExitCodes.FAILURE;
        } catch (CommandFailure e) {
            err().println("error: " + e.getMessage());
            return e.exitCode();
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** Checks what picocli cannot express, before any cluster is contacted; throws a ParameterException. */
    protected void checkUsage() {
    }

    /** Runs the command against the cluster; returns the exit code. */
    protected abstract int run(KubernetesClient client, String namespace);

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Ends a command with a message and an exit code. */
    static final class CommandFailure extends RuntimeException {
        private final int exitCode;

        CommandFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
