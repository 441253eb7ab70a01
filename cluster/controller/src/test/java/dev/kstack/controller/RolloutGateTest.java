package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.DependencyGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutGateTest {
    private static final DependencyGraph GRAPH = DependencyGraph.of(StackFixture.spec("""
            {"services":[
              {"name":"db","image":"d"},
              {"name":"migrate","image":"m","depends_on":{"db":{"condition":"service_healthy"}}},
              {"name":"api","image":"a","depends_on":{"migrate":{"condition":"service_completed_successfully"}}},
              {"name":"web","image":"w","depends_on":{"api":{}}}]}"""));

    private static ServiceObservation obs(String s, int desired, int ready, int running, int succeeded, int failed) {
        return new ServiceObservation(s, "Deployment", true, desired, ready, running, 0, succeeded, failed, List.of());
    }

    @Test
    void nothingObservedHoldsEveryDependant() {
        assertThat(RolloutGate.waiting(GRAPH, Map.of())).containsOnlyKeys("migrate", "api", "web")
                .containsEntry("migrate", "waiting for db (service_healthy)")
                .containsEntry("web", "waiting for api (service_started)");
    }

    @Test
    void aStartedButUnhealthyDependencyHoldsAServiceWaitingForHealthy() {
        var observed = Map.of("db", obs("db", 1, 0, 1, 0, 0));
        assertThat(RolloutGate.waiting(GRAPH, observed)).containsKey("migrate");
    }

    @Test
    void conditionsReachedReleaseTheirDependants() {
        var observed = Map.of("db", obs("db", 1, 1, 0, 0, 0), "migrate", obs("migrate", 1, 0, 0, 1, 0),
                "api", obs("api", 2, 0, 2, 0, 0));
        assertThat(RolloutGate.waiting(GRAPH, observed)).isEmpty();
    }

    @Test
    void aFailedRunIsNotACompletion() {
        var observed = Map.of("db", obs("db", 1, 1, 0, 0, 0), "migrate", obs("migrate", 1, 0, 0, 1, 1));
        assertThat(RolloutGate.waiting(GRAPH, observed)).containsKey("api");
    }

    @Test
    void startedNeedsEveryReplicaStarted() {
        var observed = Map.of("db", obs("db", 1, 1, 0, 0, 0), "migrate", obs("migrate", 1, 0, 0, 1, 0),
                "api", obs("api", 3, 1, 1, 0, 0));
        assertThat(RolloutGate.waiting(GRAPH, observed)).containsOnlyKeys("web");
    }
}
