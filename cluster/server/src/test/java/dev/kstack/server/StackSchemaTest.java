package dev.kstack.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.StackJson;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated schema accepts what the wire types write, with the contract's JSON names. */
class StackSchemaTest {
    private static final String RICH_SPEC = """
            {"services":[{"name":"web","image":"nginx","user":1000,"environment":{"A":"1","B":null},
              "deploy":{"mode":"replicated","replicas":2,"update_config":{"paralellism":2},
                "resources":{"limits":{"cpus":"0.5","memory":1048576}},"restart_policy":{"condition":"any"},
                "placement":{"constraints":{"OperatingSystem":{"Value":"linux","Operator":"=="},
                  "MatchLabels":{"zone":{"Value":"a","Operator":"!="}}}}},
              "health_check":{"test":["CMD","true"],"interval":1000000000,"retries":3},
              "ports":[{"mode":"ingress","target":80,"published":8080,"protocol":"tcp"}],
              "volumes":[{"type":"volume","source":"data","target":"/data","read_only":true}],
              "secrets":[{"source":"s","target":"t","uid":"1","gid":"2","mode":292}],
              "stop_grace_period":10000000000,"pull_policy":"Always","internal_ports":[{"port":80,"protocol":"TCP"}],
              "internal_service_type":"ClusterIP"}],
             "secrets":{"s":{"name":"s","file":"./s.txt","external":{"name":"x","external":true},"labels":{"a":"b"}}},
             "volumes":{"data":{}}}
            """;

    @Test
    void everyFieldTheWireTypesWriteIsInTheSchemaWithItsType() throws Exception {
        JsonNode spec = StackJson.tree(StackJson.read(RICH_SPEC, dev.kstack.api.StackSpec.class));
        List<String> problems = new ArrayList<>();
        check(StackSchema.forVersion(StackCrd.V1ALPHA3).getProperties().get("spec"), spec, "spec", problems);
        assertThat(problems).isEmpty();
        assertThat(spec.at("/services/0/deploy/update_config/paralellism").asInt()).isEqualTo(2);
    }

    @Test
    void aFieldTheTypesDoNotKnowIsNotInTheSchema() throws Exception {
        JsonNode spec = StackJson.strict().readTree("{\"services\":[{\"name\":\"web\",\"imagee\":\"x\"}]}");
        List<String> problems = new ArrayList<>();
        check(StackSchema.forVersion(StackCrd.V1ALPHA3).getProperties().get("spec"), spec, "spec", problems);
        assertThat(problems).containsExactly("spec.services[0].imagee: not in the schema");
    }

    @Test
    void v1beta2LacksTheFourV1alpha3OnlyServiceFieldsAndV1beta1HasOnlyTheComposeFile() {
        Map<String, JSONSchemaProps> v1alpha3 = service(StackCrd.V1ALPHA3);
        Map<String, JSONSchemaProps> v1beta2 = service(StackCrd.V1BETA2);
        assertThat(v1alpha3.keySet()).containsAll(StackSchema.V1ALPHA3_ONLY);
        assertThat(v1beta2.keySet()).doesNotContainAnyElementsOf(StackSchema.V1ALPHA3_ONLY)
                .contains("name", "image", "deploy", "health_check", "stop_grace_period");
        assertThat(StackSchema.forVersion(StackCrd.V1BETA1).getProperties().get("spec").getProperties())
                .containsOnlyKeys("composeFile");
    }

    @ParameterizedTest
    @ValueSource(strings = {StackCrd.V1ALPHA3, StackCrd.V1BETA2, StackCrd.V1BETA1})
    void theStatusHasThePrinterColumnFields(String version) {
        assertThat(StackSchema.forVersion(version).getProperties().get("status").getProperties())
                .containsKeys("phase", "message", "serviceCount", "ports", "summary", "services");
    }

    /** Every version's structural schema keeps the failing pods of each service (else the API server prunes them). */
    @ParameterizedTest
    @ValueSource(strings = {StackCrd.V1ALPHA3, StackCrd.V1BETA2, StackCrd.V1BETA1})
    void theStatusKeepsEachServicesFailingPodsByCause(String version) {
        JSONSchemaProps service = StackSchema.forVersion(version).getProperties().get("status").getProperties()
                .get("services").getAdditionalProperties().getSchema();
        JSONSchemaProps failures = service.getProperties().get("failures");
        assertThat(failures.getType()).isEqualTo("array");
        assertThat(failures.getItems().getSchema().getProperties()).containsOnlyKeys("reason", "message", "pods");
        assertThat(failures.getItems().getSchema().getProperties().get("pods").getItems().getSchema().getType())
                .isEqualTo("string");
    }

    private static Map<String, JSONSchemaProps> service(String version) {
        return StackSchema.forVersion(version).getProperties().get("spec").getProperties().get("services").getItems()
                .getSchema().getProperties();
    }

    /** A tiny structural check: every field exists in the schema and has the schema's type. */
    private static void check(JSONSchemaProps schema, JsonNode value, String path, List<String> problems) {
        if (value.isNull()) {
            if (!Boolean.TRUE.equals(schema.getNullable())) {
                problems.add(path + ": null but not nullable");
            }
            return;
        }
        String type = schema.getType();
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
        if (!ok) {
            problems.add(path + ": " + value.getNodeType() + " is not " + type);
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.getItems().getSchema(), value.get(i), path + "[" + i + "]", problems);
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JSONSchemaProps child = schema.getProperties() != null && schema.getProperties().containsKey(e.getKey())
                        ? schema.getProperties().get(e.getKey())
                        : schema.getAdditionalProperties() != null ? schema.getAdditionalProperties().getSchema() : null;
                if (child == null) {
                    problems.add(path + "." + e.getKey() + ": not in the schema");
                } else {
                    check(child, e.getValue(), path + "." + e.getKey(), problems);
                }
            }
        }
    }
}
