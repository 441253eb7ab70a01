package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodBinderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final List<Node> NODES = List.of(
            SimulatedNodes.node("sim-node-1", 10250, NOW),
            SimulatedNodes.node("sim-node-2", 10250, NOW));

    @ParameterizedTest(name = "pods on node 1: {0}, on node 2: {1}, selector {2} -> {3}")
    @CsvSource({
            "0, 0, '',         sim-node-1",
            "3, 1, '',         sim-node-2",
            "1, 3, '',         sim-node-1",
            "0, 5, sim-node-2, sim-node-2",
    })
    void bindsToTheLeastBusyNodeThePodFits(long onFirst, long onSecond, String hostname, String expected) {
        Pod pod = unbound(hostname.isEmpty() ? Map.of() : Map.of("kubernetes.io/hostname", hostname));

        PodBinder.Outcome outcome = PodBinder.choose(pod, NODES,
                node -> node.equals("sim-node-1") ? onFirst : onSecond, NOW);

        assertThat(outcome).isEqualTo(new PodBinder.Outcome.Bound(expected));
    }

    @ParameterizedTest
    @CsvSource({"kubernetes.io/hostname, elsewhere", "disk, ssd"})
    void aPodThatFitsNoNodeIsUnschedulable(String key, String value) {
        Pod pod = unbound(Map.of(key, value));

        PodBinder.Outcome outcome = PodBinder.choose(pod, NODES, node -> 0, NOW);

        assertThat(outcome).isInstanceOfSatisfying(PodBinder.Outcome.Unschedulable.class, u -> {
            assertThat(u.status().getPhase()).isEqualTo("Pending");
            assertThat(u.status().getConditions()).singleElement().satisfies(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).startsWith("0/2 nodes are available");
            });
        });
    }

    private static Pod unbound(Map<String, String> nodeSelector) {
        return TestPods.pod("p", Map.of()).editSpec().withNodeName(null).withNodeSelector(nodeSelector).endSpec()
                .build();
    }
}
