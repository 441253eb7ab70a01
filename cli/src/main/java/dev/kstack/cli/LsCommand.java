package dev.kstack.cli;

import dev.kstack.api.Stack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kstack ls}: the stacks of a namespace (or of all), with the columns of {@code kubectl get stacks}. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List stacks.")
final class LsCommand extends ClusterCommand {
    @Option(names = {"-A", "--all-namespaces"}, description = "List the stacks of every namespace.")
    boolean allNamespaces;

    @Mixin
    OutputOption output = new OutputOption();

    @Override
    protected int run(KubernetesClient client, String namespace) {
        Table table = new Table("name", "services", "ports", "status", "namespace", "created at");
        new StackStore(client).list(allNamespaces ? null : namespace).stream()
                .sorted(Comparator.comparing((Stack s) -> s.metadata().namespace()).thenComparing(s -> s.metadata().name()))
                .forEach(s -> table.add(s.metadata().name(), s.spec().services().size(),
                        s.status() == null ? "" : s.status().ports(), StackViews.status(s), s.metadata().namespace(),
                        s.metadata().creationTimestamp()));
        if (table.isEmpty() && output.format == OutputFormat.TABLE) {
            err().println(allNamespaces ? "No stacks found." : "No stacks found in namespace " + namespace + ".");
            return ExitCodes.OK;
        }
        out().print(output.format.render(table));
        return ExitCodes.OK;
    }
}
