package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the scheduler for clusters that run none: binds a pending pod to the least busy simulated node it fits
 * (through the {@code pods/binding} subresource), or marks it Unschedulable.
 */
final class PodBinder {

    private static final Logger LOG = LoggerFactory.getLogger(PodBinder.class);

    /** What became of a pod the binder looked at. */
    sealed interface Outcome {
        record Bound(String nodeName) implements Outcome {
        }

        record Unschedulable(PodStatus status) implements Outcome {
        }
    }

    private final KubernetesClient client;
    private final List<String> nodeNames;

    PodBinder(KubernetesClient client, List<String> nodeNames) {
        this.client = client;
        this.nodeNames = List.copyOf(nodeNames);
    }

    /**
     * Chooses a node for the pod: among the nodes it fits, the one with the fewest pods, ties broken by name.
     * When none fits, the pod's status with a PodScheduled=False Unschedulable condition.
     */
    static Outcome choose(Pod pod, List<Node> nodes, ToLongFunction<String> podsOnNode, Instant now) {
        Optional<Node> chosen = nodes.stream()
                .filter(n -> NodeFit.fits(pod, n))
                .min(Comparator.<Node>comparingLong(n -> podsOnNode.applyAsLong(n.getMetadata().getName()))
                        .thenComparing(n -> n.getMetadata().getName()));
        if (chosen.isPresent()) {
            return new Outcome.Bound(chosen.get().getMetadata().getName());
        }
        return new Outcome.Unschedulable(unschedulable(pod, nodes.size(), now));
    }

    private static PodStatus unschedulable(Pod pod, int nodeCount, Instant now) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String message = "0/" + nodeCount + " nodes are available: " + nodeCount
                + " node(s) didn't match the pod's node selector or node affinity.";
        Optional<PodCondition> previous = Stream.ofNullable(current.getConditions())
                .flatMap(List::stream)
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst();
        PodCondition condition = new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .withLastTransitionTime(previous.map(PodCondition::getLastTransitionTime)
                        .filter(Objects::nonNull).orElse(Times.format(now)))
                .build();
        List<PodCondition> others = Stream.ofNullable(current.getConditions())
                .flatMap(List::stream)
                .filter(c -> !"PodScheduled".equals(c.getType()))
                .toList();
        return new PodStatusBuilder(current)
                .withPhase("Pending")
                .withConditions(Stream.concat(others.stream(), Stream.of(condition)).toList())
                .build();
    }

    /** Binds the pod, or records why it cannot be; returns what happened. */
    Outcome bind(Pod pod, ToLongFunction<String> podsOnNode, Instant now) {
        List<Node> nodes = nodeNames.stream()
                .map(name -> client.nodes().withName(name).get())
                .filter(Objects::nonNull)
                .toList();
        Outcome outcome = choose(pod, nodes, podsOnNode, now);
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (outcome instanceof Outcome.Bound bound) {
            Binding binding = new BindingBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .withUid(pod.getMetadata().getUid()).endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(bound.nodeName()).endTarget()
                    .build();
            String url = client.getMasterUrl().toString().replaceAll("/+$", "")
                    + "/api/v1/namespaces/" + namespace + "/pods/" + name + "/binding";
            client.raw(url, "POST", binding);
            LOG.info("bound pod {}/{} to simulated node {}", namespace, name, bound.nodeName());
        } else {
            PodStatusWriter.Result result = PodStatusWriter.write(client, pod,
                    latest -> ((Outcome.Unschedulable) choose(latest, nodes, podsOnNode, now)).status());
            if (result == PodStatusWriter.Result.WRITTEN) {
                LOG.info("pod {}/{} fits none of the {} simulated nodes; left Pending as Unschedulable",
                        namespace, name, nodes.size());
            }
        }
        return outcome;
    }
}
