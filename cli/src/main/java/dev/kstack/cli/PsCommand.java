package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.convert.ServiceNames;
import dev.kstack.api.StackStatus.PodFailures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kstack ps NAME}: the pods of a stack with their service, node, state, age and ports; a pod the controller
 * counts as failing shows its reason as the state and the whole message as its error (from the stack's status).
 */
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
        Map<String, PodFailures> failing = StackViews.failingPods(stack);
        Table table = new Table("name", "service", "node", "state", "age", "ports", "error");
        ServiceNames names = ServiceNames.of(stack.spec());
        Instant now = Instant.now();
        for (Pod pod : StackPods.list(client, namespace, name, null)) {
            ServiceConfig service = services.get(StackPods.service(pod));
            PodFailures failure = failing.get(pod.getMetadata().getName());
            table.add(pod.getMetadata().getName(), StackViews.service(StackPods.service(pod), names),
                    pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName(),
                    failure == null ? StackPods.state(pod) : failure.reason(),
                    StackViews.age(pod.getMetadata().getCreationTimestamp(), now),
                    service == null ? "" : StackViews.ports(service), failure == null ? "" : failure.message());
        }
        if (table.isEmpty() && output.format == OutputFormat.TABLE) {
            err().println("Stack " + name + " has no pods.");
            return ExitCodes.OK;
        }
        out().print(output.format.render(table));
        return ExitCodes.OK;
    }
}
