package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecListenable;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorChannelable;
import io.fabric8.kubernetes.client.dsl.TtyExecOutputErrorable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kstack exec NAME SERVICE [-- CMD...]}: runs a command (default {@code sh}) in the service's container of one
 * running pod of the service (chosen by {@link ExecTarget}), through the API's pods/exec; stdin and a terminal as
 * {@link ExecMode} decides. Its exit code is the remote command's.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a command in a running pod of a service (default: sh; -it on a terminal).")
final class ExecCommand extends ClusterCommand {
    static final List<String> DEFAULT_COMMAND = List.of("sh");

    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "Service of the stack.")
    String service;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "CMD",
            description = "The command and its arguments, after -- when they start with - (default: sh).")
    List<String> command = new ArrayList<>();

    @Option(names = {"-i", "--stdin"}, negatable = true,
            description = "Pass stdin to the command (default: when kstack runs on a terminal).")
    Boolean stdin;

    @Option(names = {"-t", "--tty"}, negatable = true,
            description = "Give the command a terminal (default: when kstack runs on a terminal).")
    Boolean tty;

    /** What runs: the command given, or {@link #DEFAULT_COMMAND}. */
    List<String> effectiveCommand() {
        return command.isEmpty() ? DEFAULT_COMMAND : List.copyOf(command);
    }

    @Override
    protected int run(KubernetesClient client, String namespace) {
        Stack stack = new StackStore(client).require(namespace, name);
        TreeSet<String> services = new TreeSet<>(stack.spec().services().stream().map(ServiceConfig::name).toList());
        if (!services.contains(service)) {
            throw new CommandFailure(ExitCodes.USAGE, "stack \"" + name + "\" has no service \"" + service
                    + "\" (services: " + String.join(", ", services) + ")");
        }
        List<Pod> pods = StackPods.list(client, namespace, name, service);
        Pod pod = ExecTarget.choose(pods)
                .orElseThrow(() -> new CommandFailure(ExitCodes.FAILURE, ExecTarget.noPodMessage(name, service, pods)));
        String podName = pod.getMetadata().getName();
        if (!ExecTarget.ready(pod)) {
            err().println("note: no pod of service \"" + service + "\" is ready; running in " + podName
                    + " (" + StackPods.state(pod) + ")");
        }
        ExecMode mode = ExecMode.of(stdin, tty, System.console() != null);
        if (!mode.warning().isEmpty()) {
            err().println("warning: " + mode.warning());
        }
        err().flush();
        String container = ExecTarget.container(pod, service);
        return exec(client.pods().inNamespace(namespace).withName(podName).inContainer(container), mode, podName);
    }

    /** What the API server said when the exec connection failed: its status, else the deepest cause. */
    static String reason(KubernetesClientException e) {
        String described = KubeErrors.describe(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root == e || root.getMessage() == null ? "" : root.getMessage();
        String code = e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "";
        // fabric8's generic "An error has occurred." says less than the cause (e.g. "WebSocket upgrade failure: 404")
        if (detail.isEmpty() || described.contains(detail)) {
            return described + code;
        }
        return (e.getStatus() == null ? "" : described + ": ") + detail + code;
    }

    private int exec(ContainerResource target, ExecMode mode, String podName) {
        AtomicReference<String> failure = new AtomicReference<>("");
        ExecListener listener = new ExecListener() {
            @Override
            public void onClose(int code, String reason) {
            }

            @Override
            public void onExit(int code, Status status) {
                if (code < 0 && status != null && status.getMessage() != null) {
                    failure.set(status.getMessage());
                }
            }
        };
        TtyExecOutputErrorable input = mode.stdin() ? target.readingInput(System.in) : target;
        TtyExecErrorChannelable output = input.writingOutput(System.out).writingError(System.err);
        ExecListenable terminal = mode.tty() ? output.withTTY() : output;
        int code;
        try (LocalTerminal raw = mode.tty() ? LocalTerminal.raw() : null;
             ExecWatch watch = terminal.usingListener(listener).exec(effectiveCommand().toArray(String[]::new))) {
            int[] size = mode.tty() ? LocalTerminal.size() : null;
            if (size != null) {
                watch.resize(size[0], size[1]);
            }
            code = watch.exitCode().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CommandFailure(ExitCodes.FAILURE, "cannot run " + effectiveCommand() + " in pod " + podName
                    + ": " + (cause instanceof KubernetesClientException k ? reason(k) : cause.getMessage()));
        } catch (KubernetesClientException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot run " + effectiveCommand() + " in pod " + podName
                    + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.FAILURE, "interrupted");
        } finally {
            System.out.flush();
            System.err.flush();
        }
        if (code < 0) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot run " + effectiveCommand() + " in pod " + podName
                    + (failure.get().isEmpty() ? "" : ": " + failure.get()));
        }
        return code;
    }
}
