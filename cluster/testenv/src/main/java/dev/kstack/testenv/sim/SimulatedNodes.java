package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The Node and Lease objects that stand for one simulated node. */
public final class SimulatedNodes {

    /** Label put on every simulated node, so that nobody mistakes it for a machine running containers. */
    public static final String SIMULATED_LABEL = "kstack.dev/simulated-node";
    public static final String LEASE_NAMESPACE = "kube-node-lease";
    public static final String KUBELET_VERSION = "v1.20.2";
    public static final int LEASE_DURATION_SECONDS = 40;

    /** How many pods a simulated node takes unless told otherwise (a kubelet's default, {@code --max-pods}). */
    public static final int DEFAULT_PODS = 250;

    private SimulatedNodes() {
    }

    public static Map<String, String> labels(String nodeName) {
        return Map.of(
                "kubernetes.io/hostname", nodeName,
                "kubernetes.io/os", "linux",
                "kubernetes.io/arch", "amd64",
                "beta.kubernetes.io/os", "linux",
                "beta.kubernetes.io/arch", "amd64",
                SIMULATED_LABEL, "true");
    }

    /** The node as first registered, room for {@value #DEFAULT_PODS} pods: metadata and a Ready status. */
    public static Node node(String nodeName, int kubeletPort, Instant now) {
        return node(nodeName, kubeletPort, DEFAULT_PODS, now, now);
    }

    /**
     * The node with room for {@code pods} pods and a status whose conditions became true at {@code since} and were
     * last confirmed at {@code now}.
     */
    public static Node node(String nodeName, int kubeletPort, int pods, Instant since, Instant now) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(nodeName)
                .withLabels(labels(nodeName))
                .withAnnotations(Map.of(SIMULATED_LABEL,
                        "pods on this node are simulated by kstack; no containers run"))
                .endMetadata()
                .withStatus(status(nodeName, kubeletPort, pods, since, now))
                .build();
    }

    /** A Ready node status with room for {@code pods} pods, Ready since {@code since}, with a heartbeat at {@code now}. */
    public static NodeStatus status(String nodeName, int kubeletPort, int pods, Instant since, Instant now) {
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity("32"),
                "memory", new Quantity("128Gi"),
                "ephemeral-storage", new Quantity("1Ti"),
                "pods", new Quantity(String.valueOf(pods)));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(conditions(since, now))
                .addNewAddress().withType("InternalIP").withAddress(PodStatusSimulation.HOST_IP).endAddress()
                .addNewAddress().withType("Hostname").withAddress(nodeName).endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withMachineID("simulated-" + nodeName)
                .withSystemUUID("simulated-" + nodeName)
                .withBootID("simulated-" + nodeName)
                .withKernelVersion("simulated")
                .withOsImage("kstack simulated node (no containers run)")
                .withContainerRuntimeVersion("simulated://0.0.0")
                .withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion(KUBELET_VERSION)
                .withOperatingSystem("linux")
                .withArchitecture("amd64")
                .endNodeInfo()
                .build();
    }

    private static List<NodeCondition> conditions(Instant since, Instant now) {
        String heartbeat = Times.format(now);
        String transition = Times.format(since);
        return List.of(
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", transition, heartbeat),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", transition, heartbeat),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", transition, heartbeat),
                condition("Ready", "True", "KubeletReady", transition, heartbeat));
    }

    private static NodeCondition condition(String type, String status, String reason, String transition,
                                           String heartbeat) {
        return new NodeConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage("simulated by kstack")
                .withLastHeartbeatTime(heartbeat)
                .withLastTransitionTime(transition)
                .build();
    }

    /** The node's lease in {@value #LEASE_NAMESPACE}, renewed at {@code now}. */
    public static Lease lease(Node node, Instant now) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(node.getMetadata().getName())
                .withNamespace(LEASE_NAMESPACE)
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(node.getMetadata().getName())
                .withUid(node.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(node.getMetadata().getName())
                .withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                .withRenewTime(now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC))
                .endSpec()
                .build();
    }
}
