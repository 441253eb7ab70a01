package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the simulated Nodes and keeps them alive: Ready heartbeats in their status and renewed Leases. */
final class NodeRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrar.class);

    private final KubernetesClient client;
    private final List<String> nodeNames;
    private final int kubeletPort;
    private final int pods;
    private final Clock clock;
    private final Instant since;

    NodeRegistrar(KubernetesClient client, List<String> nodeNames, int kubeletPort, int pods, Clock clock) {
        this.client = client;
        this.nodeNames = List.copyOf(nodeNames);
        this.kubeletPort = kubeletPort;
        this.pods = pods;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Creates each node, or brings an existing one up to date (labels, status), and its lease. */
    void register() {
        for (String name : nodeNames) {
            Node desired = SimulatedNodes.node(name, kubeletPort, pods, since, clock.instant());
            Node live = client.nodes().withName(name).get();
            if (live == null) {
                live = client.nodes().resource(desired).create();
                LOG.info("registered simulated node {}", name);
            } else {
                live = client.nodes().withName(name).edit(n -> {
                    n.getMetadata().setLabels(merged(n.getMetadata().getLabels(), desired.getMetadata().getLabels()));
                    n.getMetadata().setAnnotations(
                            merged(n.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
                    return n;
                });
                LOG.info("updated existing node {} as a simulated node", name);
            }
            writeStatus(live);
            renewLease(live);
        }
    }

    /** Renews every node's Ready heartbeat and lease; failures are logged and retried at the next heartbeat. */
    void heartbeat() {
        for (String name : nodeNames) {
            try {
                Node live = client.nodes().withName(name).get();
                if (live == null) {
                    LOG.warn("simulated node {} was deleted; registering it again", name);
                    live = client.nodes().resource(SimulatedNodes.node(name, kubeletPort, pods, since, clock.instant()))
                            .create();
                }
                writeStatus(live);
                renewLease(live);
            } catch (KubernetesClientException e) {
                LOG.warn("heartbeat of simulated node {} failed: {}", name, e.getMessage());
            }
        }
    }

    private static Map<String, String> merged(Map<String, String> live, Map<String, String> wanted) {
        Map<String, String> merged = new HashMap<>(live == null ? Map.of() : live);
        merged.putAll(wanted);
        return merged;
    }

    private void writeStatus(Node live) {
        String name = live.getMetadata().getName();
        live.setStatus(SimulatedNodes.status(name, kubeletPort, pods, since, clock.instant()));
        live.getMetadata().setResourceVersion(null);
        client.nodes().resource(live).patchStatus();
    }

    private void renewLease(Node node) {
        Lease desired = SimulatedNodes.lease(node, clock.instant());
        var lease = client.leases().inNamespace(SimulatedNodes.LEASE_NAMESPACE)
                .withName(node.getMetadata().getName());
        Lease live = lease.get();
        if (live == null) {
            client.leases().inNamespace(SimulatedNodes.LEASE_NAMESPACE).resource(desired).create();
        } else {
            lease.edit(l -> {
                l.setSpec(desired.getSpec());
                return l;
            });
        }
    }
}
