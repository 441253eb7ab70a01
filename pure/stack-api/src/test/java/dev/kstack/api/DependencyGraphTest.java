package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.DependencyGraph.Dependency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
    @Test
    void eachServiceListsWhatItWaitsForAndTheCondition() {
        StackSpec spec = StackSpec.of(List.of(
                ServiceConfig.builder().name("web").image("w").dependsOn(Map.of(
                        "api", DependsOnConfig.of(""),
                        "migrate", DependsOnConfig.of(DependsOnConfig.COMPLETED))).build(),
                ServiceConfig.builder().name("api").image("a")
                        .dependsOn(Map.of("db", DependsOnConfig.of(DependsOnConfig.HEALTHY))).build(),
                ServiceConfig.builder().name("migrate").image("m")
                        .dependsOn(Map.of("db", DependsOnConfig.of(DependsOnConfig.HEALTHY))).build(),
                ServiceConfig.of("db", "postgres")));

        DependencyGraph graph = DependencyGraph.of(spec);

        assertThat(graph.waitsFor("web")).containsExactly(
                new Dependency("api", "service_started", true),
                new Dependency("migrate", "service_completed_successfully", true));
        assertThat(graph.waitsFor("db")).isEmpty();
        assertThat(graph.batches()).containsExactly(List.of("db"), List.of("api", "migrate"), List.of("web"));
        assertThat(DependencyGraph.problems(spec)).isEmpty();
    }

    @Test
    void optionalMissingDependencyIsNoProblem() {
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.builder().name("web").image("w")
                .dependsOn(Map.of("cache", new DependsOnConfig("", false, false))).build()));

        assertThat(DependencyGraph.problems(spec)).isEmpty();
        assertThat(DependencyGraph.of(spec).waitsFor("web")).isEmpty();
    }
}
