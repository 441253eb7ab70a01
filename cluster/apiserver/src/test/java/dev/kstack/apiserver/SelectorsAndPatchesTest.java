package dev.kstack.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.StackJson;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SelectorsAndPatchesTest {
    private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "app=web|true", "app==web|true", "app!=web|false", "app=db|false", "app in (db,web)|true",
        "app notin (db,web)|false", "app notin (db)|true", "tier|true", "!tier|false", "missing|false",
        "!missing|true", "app=web,tier=front|true", "app=web,tier=back|false", "''|true"})
    void labelSelectors(String selector, boolean matches) {
        assertThat(Selectors.labels(selector).test(LABELS)).isEqualTo(matches);
    }

    @Test
    void badSelectorsAreBadRequests() {
        assertThatThrownBy(() -> Selectors.labels("app in (a")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> Selectors.fields("spec.x=1")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(400));
        assertThat(Selectors.fields("metadata.name=a,status.phase!=Failure")
                .test(Map.of("metadata.name", "a", "status.phase", "Available"))).isTrue();
    }

    @Test
    void mergePatchReplacesObjectsFieldByFieldAndRemovesNulls() {
        JsonNode out = Patches.merge(json("{\"a\":{\"b\":1,\"c\":2},\"d\":[1]}"), json("{\"a\":{\"b\":null,\"e\":3},\"d\":[2]}"));
        assertThat(out).isEqualTo(json("{\"a\":{\"c\":2,\"e\":3},\"d\":[2]}"));
    }

    @Test
    void jsonPatchOperations() {
        JsonNode out = Patches.json(json("{\"a\":[1,2],\"b\":{\"c\":1}}"), json("[{\"op\":\"add\",\"path\":\"/a/-\",\"value\":3},"
                + "{\"op\":\"replace\",\"path\":\"/b/c\",\"value\":5},{\"op\":\"move\",\"from\":\"/b\",\"path\":\"/m\"},"
                + "{\"op\":\"test\",\"path\":\"/a/0\",\"value\":1},{\"op\":\"remove\",\"path\":\"/a/1\"}]"));
        assertThat(out).isEqualTo(json("{\"a\":[1,3],\"m\":{\"c\":5}}"));
        assertThatThrownBy(() -> Patches.json(json("{}"), json("[{\"op\":\"remove\",\"path\":\"/x\"}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
        assertThatThrownBy(() -> Patches.json(json("{}"), json("{}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        // a failed test, a missing parent, a copy: applied by zjsonpatch, the target untouched
        JsonNode target = json("{\"a\":1}");
        assertThatThrownBy(() -> Patches.json(target, json("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
        assertThatThrownBy(() -> Patches.json(target, json("[{\"op\":\"add\",\"path\":\"/x/y\",\"value\":2}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
        assertThat(Patches.json(target, json("[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]")))
                .isEqualTo(json("{\"a\":1,\"b\":1}"));
        assertThat(target).isEqualTo(json("{\"a\":1}"));
        // not operations: bad requests
        assertThatThrownBy(() -> Patches.json(target, json("[{\"op\":\"frobnicate\",\"path\":\"/a\"}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
        assertThatThrownBy(() -> Patches.json(target, json("[{\"op\":\"add\",\"path\":\"/b\"}]")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void tableMatchesTheCapturedColumnsAndCells() {
        JsonNode stack = json("{\"metadata\":{\"name\":\"s0\",\"creationTimestamp\":\"2026-11-25T16:42:51Z\"},"
                + "\"spec\":{\"services\":[{\"name\":\"db\"},{\"name\":\"web0\",\"ports\":[{\"target\":80,\"published\":33000}]},"
                + "{\"name\":\"words\"}]},\"status\":{\"phase\":\"Available\",\"message\":\"Stack is started\"}}");
        JsonNode table = StackTable.of(json("{\"metadata\":{\"resourceVersion\":\"313\"},\"items\":[" + stack + "]}"),
                "v1beta1", "Metadata");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Services", "Ports", "Status", "Created At");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"s0\",3,\"web0: 33000\",\"Available (Stack is started)\",\"2026-11-25T16:42:51Z\"]");
        assertThat(table.path("rows").get(0).path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    void statusErrorsCarryCauses() {
        JsonNode status = ApiException.invalid("s", java.util.List.of(StackRegistry.cause(
                "spec.services[0].name: must be a DNS-1123 label"))).status();
        assertThat(status.path("code").asInt()).isEqualTo(422);
        assertThat(status.path("reason").asText()).isEqualTo("Invalid");
        assertThat(status.path("details").path("causes").get(0).path("field").asText())
                .isEqualTo("spec.services[0].name");
    }

    private static JsonNode json(String text) {
        try {
            return StackJson.lenient().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
