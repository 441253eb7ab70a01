package dev.kstack.server;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/**
 * What keeps an in-cluster server (webhooks, or the aggregated API server) answering while a node or a pod goes:
 * replicas preferably on different nodes (preferred, so that a one-node cluster still schedules them all) and a
 * PodDisruptionBudget that lets a drain take one at a time, and time to start before liveness counts. The caller
 * picks the replica count (2 by default).
 */
public final class HighAvailability {
    /** The node label the replicas are spread over. */
    public static final String NODE_TOPOLOGY = "kubernetes.io/hostname";

    private HighAvailability() {
    }

    /** Preferred anti-affinity between the pods with these labels, per node. */
    public static Affinity acrossNodes(Map<String, String> podLabels) {
        return new AffinityBuilder().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey(NODE_TOPOLOGY).withNewLabelSelector()
                .withMatchLabels(podLabels).endLabelSelector().endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build();
    }

    /**
     * The start-up allowance of a JVM server pod: {@code /healthz} every 2 s, for up to 3 minutes, before the liveness
     * probe takes over. Without it the liveness probe (3 misses, 10 s apart) restarted pods whose JVM took longer than
     * 30 s to listen, as it does on a busy node.
     */
    public static Probe startupProbe(String scheme, int port) {
        return new ProbeBuilder().withNewHttpGet().withScheme(scheme).withPath("/healthz")
                .withPort(new IntOrString(port)).endHttpGet().withPeriodSeconds(2).withFailureThreshold(90).build();
    }

    /**
     * A budget of one voluntary disruption at a time ({@code maxUnavailable: 1}; unlike {@code minAvailable: 1} it does
     * not block a drain when only one replica runs).
     */
    public static HasMetadata disruptionBudget(String namespace, String name, Map<String, String> podLabels,
            Map<String, String> labels) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(labels).endMetadata().withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(podLabels).endSelector().endSpec().build();
    }
}
