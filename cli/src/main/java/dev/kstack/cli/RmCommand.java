package dev.kstack.cli;

import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kstack rm NAME...}: deletes stacks and waits until their children are gone. */
@Command(name = "rm", aliases = {"remove", "down"}, mixinStandardHelpOptions = true,
        description = "Remove stacks, and wait until everything they created is gone.")
final class RmCommand extends ClusterCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Stack names.")
    List<String> names = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2m",
            description = "How long to wait for the children to go (default: ${DEFAULT-VALUE}; 0: no limit).")
    Duration timeout;

    @Option(names = {"-d", "--detach"}, description = "Do not wait for the children to go.")
    boolean detach;

    @Override
    protected int run(KubernetesClient client, String namespace) {
        StackStore store = new StackStore(client);
        int exit = ExitCodes.OK;
        for (String name : names) {
            if (store.get(namespace, name).isEmpty()) {
                err().println("error: stack \"" + name + "\" not found in namespace \"" + namespace + "\"");
                exit = ExitCodes.FAILURE;
                continue;
            }
            out().println("Removing stack: " + name);
            out().flush();
            store.delete(namespace, name);
            client.secrets().inNamespace(namespace).withLabel(StackLabels.STACK, name).delete();
            client.configMaps().inNamespace(namespace).withLabel(StackLabels.STACK, name).delete();
            if (detach) {
                continue;
            }
            if (!Waits.until(timeout, () -> store.get(namespace, name).isEmpty() && remaining(client, namespace, name) == 0)) {
                err().println("error: stack " + name + " is not gone after " + DurationConverter.format(timeout) + ": "
                        + remaining(client, namespace, name) + " objects remain");
                exit = ExitCodes.FAILURE;
            }
        }
        return exit;
    }

    /** Workloads, Services and pods still carrying the stack's label. */
    static int remaining(KubernetesClient client, String namespace, String stack) {
        return client.apps().deployments().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems().size()
                + client.apps().statefulSets().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems().size()
                + client.apps().daemonSets().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems().size()
                + client.services().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems().size()
                + client.pods().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems().size();
    }
}
