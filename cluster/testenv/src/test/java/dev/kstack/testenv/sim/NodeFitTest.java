package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeFitTest {

    private static final Node NODE = SimulatedNodes.node("sim-node-1", 10250, Instant.EPOCH);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no constraints", Map.of(), List.of(), true),
                Arguments.of("matching nodeSelector", Map.of("kubernetes.io/os", "linux"), List.of(), true),
                Arguments.of("nodeSelector on the hostname", Map.of("kubernetes.io/hostname", "sim-node-1"),
                        List.of(), true),
                Arguments.of("nodeSelector with another value", Map.of("kubernetes.io/os", "windows"), List.of(),
                        false),
                Arguments.of("nodeSelector on a missing label", Map.of("disk", "ssd"), List.of(), false),
                Arguments.of("In matches", Map.of(), List.of(term(expr("kubernetes.io/arch", "In", "arm64", "amd64"))),
                        true),
                Arguments.of("In does not match", Map.of(), List.of(term(expr("kubernetes.io/arch", "In", "arm64"))),
                        false),
                Arguments.of("NotIn matches", Map.of(), List.of(term(expr("kubernetes.io/arch", "NotIn", "arm64"))),
                        true),
                Arguments.of("NotIn on a missing label matches", Map.of(), List.of(term(expr("zone", "NotIn", "a"))),
                        true),
                Arguments.of("NotIn does not match", Map.of(),
                        List.of(term(expr("kubernetes.io/arch", "NotIn", "amd64"))), false),
                Arguments.of("Exists", Map.of(), List.of(term(expr(SimulatedNodes.SIMULATED_LABEL, "Exists"))), true),
                Arguments.of("Exists on a missing label", Map.of(), List.of(term(expr("gpu", "Exists"))), false),
                Arguments.of("DoesNotExist", Map.of(), List.of(term(expr("gpu", "DoesNotExist"))), true),
                Arguments.of("DoesNotExist on a present label", Map.of(),
                        List.of(term(expr("kubernetes.io/os", "DoesNotExist"))), false),
                Arguments.of("requirements of one term are ANDed", Map.of(),
                        List.of(term(expr("kubernetes.io/os", "Exists"), expr("gpu", "Exists"))), false),
                Arguments.of("terms are ORed", Map.of(),
                        List.of(term(expr("gpu", "Exists")), term(expr("kubernetes.io/os", "Exists"))), true),
                Arguments.of("matchFields on the node name", Map.of(),
                        List.of(fields(expr("metadata.name", "In", "sim-node-1"))), true),
                Arguments.of("matchFields on another node name", Map.of(),
                        List.of(fields(expr("metadata.name", "In", "sim-node-2"))), false),
                Arguments.of("an empty term matches nothing", Map.of(), List.of(new NodeSelectorTerm()), false),
                Arguments.of("affinity and nodeSelector must both hold", Map.of("kubernetes.io/os", "windows"),
                        List.of(term(expr("kubernetes.io/os", "Exists"))), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fits(String description, Map<String, String> nodeSelector, List<NodeSelectorTerm> requiredTerms,
              boolean expected) {
        var spec = TestPods.pod("p", Map.of()).editSpec().withNodeName(null).withNodeSelector(nodeSelector);
        if (!requiredTerms.isEmpty()) {
            spec.withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withNodeSelectorTerms(requiredTerms).endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity().endAffinity();
        }
        Pod pod = spec.endSpec().build();

        assertThat(NodeFit.fits(pod, NODE)).isEqualTo(expected);
    }

    private static NodeSelectorRequirement expr(String key, String operator, String... values) {
        return new NodeSelectorRequirement(key, operator, List.of(values));
    }

    private static NodeSelectorTerm term(NodeSelectorRequirement... requirements) {
        return new NodeSelectorTermBuilder().withMatchExpressions(requirements).build();
    }

    private static NodeSelectorTerm fields(NodeSelectorRequirement... requirements) {
        return new NodeSelectorTermBuilder().withMatchFields(requirements).build();
    }
}
