package dev.kstack.convert;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compose networks as NetworkPolicies, when the stack opts in ({@code network_policies}): each service's pods
 * accept traffic from pods of the stack that share one of its networks (pods carry a
 * {@code kstack.dev/network-<name>} label per network), and on its exposed ports (published, random, host,
 * ingress routes) from anywhere.
 */
final class NetworkPolicies {
    private NetworkPolicies() {
    }

    static NetworkPolicy of(ServiceContext ctx) {
        ServiceConfig s = ctx.service();
        List<NetworkPolicyPeer> peers = PodTemplates.networks(s).stream().map(n -> new NetworkPolicyPeerBuilder()
                .withNewPodSelector().withMatchLabels(new TreeMap<>(Map.of(StackLabels.STACK, ctx.stack(),
                        PodTemplates.NETWORK_LABEL_PREFIX + n, "true"))).endPodSelector().build()).toList();
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(peers).build());
        TreeSet<PortKey> exposed = new TreeSet<>();
        for (ServicePortConfig p : s.ports()) {
            exposed.add(PortKey.of(p.target(), p.protocol()));
        }
        s.ingress().forEach(i -> exposed.add(PortKey.of(i.port(), "TCP")));
        if (!exposed.isEmpty()) {
            rules.add(new NetworkPolicyIngressRuleBuilder().withPorts(exposed.stream()
                    .map(k -> new NetworkPolicyPort(null, new IntOrString(k.port()), k.protocol())).toList()).build());
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(ctx.objectName()).withNamespace(ServiceObjects.blankToNull(ctx.namespace()))
                .withLabels(ctx.labels()).endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(ctx.labels()).endPodSelector()
                .withPolicyTypes("Ingress").withIngress(rules).endSpec()
                .build();
    }
}
