package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kstack services NAME}: each service of a stack with its mode, ready/desired replicas, image and ports. */
@Command(name = "services", mixinStandardHelpOptions = true, description = "List the services of a stack.")
final class ServicesCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Mixin
    OutputOption output = new OutputOption();

    @Override
    protected int run(KubernetesClient client, String namespace) {
        Stack stack = new StackStore(client).require(namespace, name);
        Table table = new Table("name", "mode", "replicas", "image", "ports");
        for (ServiceConfig s : stack.spec().services()) {
            boolean global = s.deploy().global();
            StackStatus.ServiceStatus status = stack.status() == null ? null : stack.status().services().get(s.name());
            int ready = status == null ? 0 : status.ready();
            String desired = global ? (status == null ? "?" : String.valueOf(status.desired()))
                    : String.valueOf(s.deploy().replicas() == null ? 1 : s.deploy().replicas());
            table.add(s.name(), global ? "global" : "replicated", ready + "/" + desired, s.image(), StackViews.ports(s));
        }
        out().print(output.format.render(table));
        return ExitCodes.OK;
    }
}
