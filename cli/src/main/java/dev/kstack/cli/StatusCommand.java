package dev.kstack.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code kstack status}: the webhooks and APIServices of compose.docker.com that kube-apiserver calls, whether their
 * servers answer, and what a dead one blocks. Exit code 1 when one is dead.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show kstack's registered webhooks and APIServices and whether their servers answer.")
final class StatusCommand extends ClusterCommand {
    @Override
    protected int run(KubernetesClient client, String ignoredNamespace) {
        List<RegisteredServers.Registration> found = new RegisteredServers(client).probe();
        if (found.isEmpty()) {
            out().println("nothing of compose.docker.com is registered to call a server (kstack is not installed,"
                    + " or uninstalled with its stacks kept)");
            return ExitCodes.OK;
        }
        Table table = new Table("KIND", "NAME", "SERVER", "STATUS");
        for (var r : found) {
            table.add(r.what(), r.name(), r.target(), r.dead() ? "DOWN" : "up");
        }
        out().print(table.render());
        long dead = found.stream().filter(RegisteredServers.Registration::dead).count();
        for (var r : found) {
            r.problem().ifPresent(p -> out().println(r.what() + " " + r.name() + " down: " + p + ". While it is down: "
                    + r.blocks() + "."));
        }
        if (dead > 0) {
            out().println(dead + " of " + found.size() + " registered servers do not answer; 'kstack install' starts"
                    + " them again, 'kstack uninstall' removes the registrations");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
