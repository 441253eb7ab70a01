package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.convert.ServiceNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kstack ps NAME}: the pods of a stack with their service, node, state, age and ports. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the pods of a stack.")
final class PsCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Mixin
    OutputOption output = new OutputOption();

    @Override
    protected int run(KubernetesClient client, String namespace) {
        Stack stack = new StackStore(client).require(namespace, name);
        Map<String, ServiceConfig> services = stack.spec().services().stream()
                .collect(Collectors.toMap(ServiceConfig::name, Function.identity()));
        Table table = new Table("name", "service", "node", "state", "age", "ports");
        ServiceNames names = ServiceNames.of(stack.spec());
        Instant now = Instant.now();
        for (Pod pod : StackPods.list(client, namespace, name, null)) {
            ServiceConfig service = services.get(StackPods.service(pod));
            table.add(pod.getMetadata().getName(), StackViews.service(StackPods.service(pod), names),
                    pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName(), StackPods.state(pod),
                    StackViews.age(pod.getMetadata().getCreationTimestamp(), now),
                    service == null ? "" : StackViews.ports(service));
        }
        if (table.isEmpty() && output.format == OutputFormat.TABLE) {
            err().println("Stack " + name + " has no pods.");
            return ExitCodes.OK;
        }
        out().print(output.format.render(table));
        return ExitCodes.OK;
    }
}
