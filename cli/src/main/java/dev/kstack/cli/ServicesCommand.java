package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.convert.ServiceNames;
import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kstack services NAME}: each service of a stack with its mode, ready/desired replicas, image and ports; a
 * published port shows the address it answers on once the cluster has given the service's LoadBalancer one. STATUS
 * says why a service is not ready, when the controller knows ({@code 3/5 pods Unschedulable (0/2 nodes: ...)}).
 */
@Command(name = "services", mixinStandardHelpOptions = true, description = "List the services of a stack.")
final class ServicesCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Mixin
    OutputOption output = new OutputOption();

    @Override
    protected int run(KubernetesClient client, String namespace) {
        Stack stack = new StackStore(client).require(namespace, name);
        Map<String, String> addresses = publishedAddresses(client, namespace);
        Table table = new Table("name", "mode", "replicas", "image", "ports", "status");
        ServiceNames names = ServiceNames.of(stack.spec());
        for (ServiceConfig s : stack.spec().services()) {
            boolean global = s.deploy().global();
            StackStatus.ServiceStatus status = stack.status() == null ? null : stack.status().services().get(s.name());
            int ready = status == null ? 0 : status.ready();
            String desired = global ? (status == null ? "?" : String.valueOf(status.desired()))
                    : String.valueOf(s.deploy().replicas() == null ? 1 : s.deploy().replicas());
            table.add(StackViews.service(s.name(), names), global ? "global" : "replicated", ready + "/" + desired,
                    s.image(), StackViews.ports(s, addresses.getOrDefault(s.name(), "")),
                    status == null ? "" : status.message());
        }
        out().print(output.format.render(table));
        return ExitCodes.OK;
    }

    /** Compose service name -> the first ingress address of its published (LoadBalancer) Service, where it has one. */
    private Map<String, String> publishedAddresses(KubernetesClient client, String namespace) {
        Map<String, String> out = new HashMap<>();
        for (Service svc : client.services().inNamespace(namespace).withLabel(StackLabels.STACK, name).list().getItems()) {
            String service = svc.getMetadata().getLabels().get(StackLabels.SERVICE_NAME);
            List<LoadBalancerIngress> ingress = svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null
                    ? null : svc.getStatus().getLoadBalancer().getIngress();
            if (service != null && "LoadBalancer".equals(svc.getSpec().getType()) && ingress != null
                    && !ingress.isEmpty()) {
                LoadBalancerIngress first = ingress.get(0);
                String address = first.getIp() != null ? first.getIp() : first.getHostname();
                if (address != null) {
                    out.put(service, address);
                }
            }
        }
        return out;
    }
}
