package dev.kstack.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenApiTest {
    private static final ObjectNode DOC = OpenApi.v2();

    /**
     * kube-apiserver 1.20 keeps an APIService's paths under {@code /apis/} and only the definitions they refer to
     * (directly or through other definitions): every definition must survive that filter.
     */
    @Test
    void everyDefinitionIsReachableFromAPathUnderApis() {
        Set<String> reached = new HashSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        DOC.path("paths").fields().forEachRemaining(p -> {
            if (p.getKey().startsWith("/apis/")) {
                todo.add(p.getValue());
            }
        });
        while (!todo.isEmpty()) {
            for (JsonNode ref : todo.pop().findValues("$ref")) {
                String name = ref.asText().substring("#/definitions/".length());
                if (reached.add(name)) {
                    todo.add(DOC.path("definitions").path(name));
                }
            }
        }
        Set<String> defined = new HashSet<>();
        DOC.path("definitions").fieldNames().forEachRemaining(defined::add);
        assertThat(defined).hasSize(6);
        assertThat(reached).isEqualTo(defined);
    }

    @Test
    void eachVersionHasItsStackAndListWithGroupVersionKindAndTheResourcePaths() {
        for (String version : Versions.ALL) {
            for (String kind : List.of("Stack", "StackList")) {
                JsonNode gvk = DOC.path("definitions").path(OpenApi.definitionName(version, kind))
                        .path("x-kubernetes-group-version-kind");
                assertThat(gvk).hasSize(1);
                assertThat(gvk.get(0).path("group").asText()).isEqualTo("compose.docker.com");
                assertThat(gvk.get(0).path("version").asText()).isEqualTo(version);
                assertThat(gvk.get(0).path("kind").asText()).isEqualTo(kind);
            }
            String ns = "/apis/compose.docker.com/" + version + "/namespaces/{namespace}/stacks";
            assertThat(DOC.path("paths").path(ns).path("post").path("x-kubernetes-action").asText()).isEqualTo("post");
            assertThat(DOC.path("paths").path(ns + "/{name}").path("get").path("responses").path("200").path("schema")
                    .path("$ref").asText()).isEqualTo("#/definitions/com.docker.compose." + version + ".Stack");
            assertThat(DOC.path("paths").path(ns + "/{name}/status").has("put")).isTrue();
            assertThat(DOC.path("paths").path("/apis/compose.docker.com/" + version + "/stacks").path("get")
                    .path("x-kubernetes-action").asText()).isEqualTo("list");
        }
        JsonNode service = DOC.path("definitions").path("com.docker.compose.v1alpha3.Stack").path("properties")
                .path("spec").path("properties").path("services").path("items").path("properties");
        assertThat(service.has("image")).isTrue();
        assertThat(service.has("pull_policy")).isTrue();
        JsonNode v1beta2Service = DOC.path("definitions").path("com.docker.compose.v1beta2.Stack").path("properties")
                .path("spec").path("properties").path("services").path("items").path("properties");
        assertThat(v1beta2Service.has("image")).isTrue();
        assertThat(v1beta2Service.has("pull_policy")).isFalse();
        assertThat(DOC.path("definitions").path("com.docker.compose.v1beta1.Stack").path("properties").path("spec")
                .path("properties").has("composeFile")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|true", "application/json|true", "application/json, */*|true", "*/*|true", "application/*;q=0.5|true",
        "application/com.github.proto-openapi.spec.v2@v1.0+protobuf|false",
        "application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json|true",
        "application/json;q=0|false", "text/plain|false"})
    void jsonIsServedToClientsThatTakeIt(String accept, boolean json) {
        assertThat(OpenApi.acceptsJson(accept)).isEqualTo(json);
    }

    @Test
    void theEtagIsStableAndMatchesIfNoneMatch() {
        OpenApi api = OpenApi.build();
        assertThat(api.etag()).isEqualTo(OpenApi.build().etag()).startsWith("\"").endsWith("\"");
        assertThat(api.notModified(api.etag())).isTrue();
        assertThat(api.notModified("\"other\", " + api.etag())).isTrue();
        assertThat(api.notModified("W/" + api.etag())).isTrue();
        assertThat(api.notModified("\"other\"")).isFalse();
        assertThat(api.notModified(null)).isFalse();
    }
}
