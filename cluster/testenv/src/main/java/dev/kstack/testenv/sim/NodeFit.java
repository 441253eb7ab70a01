package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * Whether a pod may run on a node, by the pod's {@code nodeSelector} and its required node affinity — the scheduling
 * rules that matter on simulated nodes (they have no taints and plenty of room).
 */
public final class NodeFit {

    private NodeFit() {
    }

    public static boolean fits(Pod pod, Node node) {
        return matchesNodeSelector(pod, node) && matchesRequiredAffinity(pod, node);
    }

    private static boolean matchesNodeSelector(Pod pod, Node node) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = labels(node);
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The required terms are ORed; the requirements inside one term are ANDed; an empty term matches nothing. */
    private static boolean matchesRequiredAffinity(Pod pod, Node node) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null) {
            return true;
        }
        return required.getNodeSelectorTerms().stream().anyMatch(term -> matchesTerm(term, node));
    }

    private static boolean matchesTerm(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        Map<String, String> nodeFields = Map.of("metadata.name", node.getMetadata().getName());
        return expressions.stream().allMatch(r -> matches(r, labels))
                && fields.stream().allMatch(r -> matches(r, nodeFields));
    }

    private static boolean matches(NodeSelectorRequirement requirement, Map<String, String> values) {
        String value = values.get(requirement.getKey());
        List<String> wanted = orEmpty(requirement.getValues());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && wanted.contains(value);
            case "NotIn" -> value == null || !wanted.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compare(value, wanted) > 0;
            case "Lt" -> compare(value, wanted) < 0;
            default -> false;
        };
    }

    /** Gt and Lt compare the label as an integer with the single value; anything unparsable does not match. */
    private static int compare(String value, List<String> wanted) {
        if (value == null || wanted.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(wanted.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
