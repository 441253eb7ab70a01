package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackJsonTest {
    static String resource(String name) throws IOException {
        try (InputStream in = StackJsonTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void capturedHellokubeReadsAndWritesBackToTheSameJson() throws IOException {
        String captured = resource("hellokube.v1alpha3.json");
        Stack stack = StackJson.read(captured, Stack.class);

        assertThat(stack.metadata().name()).isEqualTo("hellokube");
        assertThat(stack.spec().services()).extracting(ServiceConfig::name).containsExactly("db", "web", "words");
        assertThat(stack.spec().services().get(2).deploy().replicas()).isEqualTo(5L);
        assertThat(stack.spec().services().get(1).ports())
                .containsExactly(new ServicePortConfig("ingress", 80, 33000, "tcp"));
        assertThat(stack.status()).isEqualTo(new StackStatus("Progressing", "Stack is starting"));
        assertThat(StackJson.write(stack)).as("byte for byte, in the same field order").isEqualTo(captured.strip());
    }

    @Test
    void contractSpellingsAreUsedOnTheWire() {
        ServiceConfig s = ServiceConfig.builder().name("web").image("nginx")
                .deploy(new DeployConfig("replicated", 0L, null, new UpdateConfig(2L, null, null, null, null),
                        null, null, new Placement(new Constraints(
                                new Constraints.Constraint("linux", "=="), null, null,
                                Map.of("zone", new Constraints.Constraint("a", "!="))), null), null))
                .user(1000L).stopGracePeriod(10_000_000_000L)
                .healthCheck(new HealthCheckConfig(List.of("CMD", "true"), 1_000_000_000L, null, 3L, null, null))
                .internalPorts(List.of(new InternalPort(8080, "TCP"))).internalServiceType("ClusterIP")
                .build();
        JsonNode json = StackJson.tree(s);

        assertThat(json.at("/deploy/update_config/paralellism").asLong()).isEqualTo(2);
        assertThat(json.at("/deploy/replicas").isNumber()).as("zero replicas is kept").isTrue();
        assertThat(json.at("/deploy/placement/constraints/OperatingSystem/Value").asText()).isEqualTo("linux");
        assertThat(json.at("/deploy/placement/constraints/MatchLabels/zone/Operator").asText()).isEqualTo("!=");
        assertThat(json.at("/user").isIntegralNumber()).isTrue();
        assertThat(json.at("/stop_grace_period").asLong()).isEqualTo(10_000_000_000L);
        assertThat(json.at("/health_check/timeout").asLong()).isEqualTo(1_000_000_000L);
        assertThat(json.at("/internal_ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(json.at("/internal_service_type").asText()).isEqualTo("ClusterIP");
        assertThat(json.has("privileged")).as("false booleans are omitted").isFalse();
        assertThat(json.has("hostname")).as("empty strings are omitted").isFalse();
    }

    @Test
    void environmentKeepsVariablesWithoutValue() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "1");
        env.put("B", null);
        ServiceConfig s = ServiceConfig.builder().name("x").image("i").environment(env).build();
        String json = StackJson.write(s);

        assertThat(json).contains("\"environment\":{\"A\":\"1\",\"B\":null}");
        assertThat(StackJson.read(json, ServiceConfig.class)).isEqualTo(s);
    }

    @Test
    void everyFieldSurvivesARoundTrip() throws IOException {
        ServiceConfig full = Fixtures.fullService();
        StackSpec spec = Fixtures.fullSpec();

        assertThat(StackJson.read(StackJson.write(full), ServiceConfig.class)).isEqualTo(full);
        assertThat(StackJson.read(StackJson.write(spec), StackSpec.class)).isEqualTo(spec);
    }

    @Test
    void unknownFieldsAreRejectedByTheStrictReader() {
        assertThatThrownBy(() -> StackJson.read("{\"name\":\"x\",\"imagee\":\"y\"}", ServiceConfig.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("imagee");
    }
}
