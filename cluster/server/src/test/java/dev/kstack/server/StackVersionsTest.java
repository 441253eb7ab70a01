package dev.kstack.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.StackJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conversion between the three versions keeps everything, including what v1beta1's compose text cannot say. */
class StackVersionsTest {
    private static final String GROUP = "compose.docker.com/";

    @ParameterizedTest
    @ValueSource(strings = {"v1beta2", "v1beta1"})
    void theCapturedStackSurvivesARoundTripThroughEachVersion(String version) throws Exception {
        ObjectNode hub = (ObjectNode) StackJson.strict().readTree(resource("hellokube.v1alpha3.json"));
        ObjectNode there = StackVersions.convert(hub, GROUP + version);
        assertThat(there.path("apiVersion").asText()).isEqualTo(GROUP + version);
        assertThat(there.path("metadata").path("uid")).isEqualTo(hub.path("metadata").path("uid"));
        assertThat(there.path("status")).isEqualTo(hub.path("status"));
        ObjectNode back = StackVersions.convert(there, GROUP + "v1alpha3");
        assertThat(back.path("spec").toString()).isEqualTo(hub.path("spec").toString());
    }

    @Test
    void kstackFieldsComeBackFromV1beta1InTheComposeTextAndTheTextWinsOnceEdited() throws Exception {
        ObjectNode hub = stack("v1alpha3", "{\"services\":[{\"name\":\"web\",\"image\":\"nginx\","
                + "\"internal_service_type\":\"Headless\",\"pull_secret\":\"regcred\"}],\"network_policies\":true}");
        ObjectNode v1beta1 = StackVersions.convert(hub, GROUP + "v1beta1");
        assertThat(v1beta1.path("spec").path("composeFile").asText()).contains("image: nginx")
                .contains("regcred").contains("Headless").contains("network_policies: true");
        assertThat(v1beta1.path("metadata").path("annotations").has(StackVersions.SPEC_ANNOTATION))
                .as("the text says everything, so the spec needs no annotation").isFalse();
        assertThat(StackVersions.spec(StackVersions.convert(v1beta1, GROUP + "v1alpha3")))
                .isEqualTo(StackVersions.spec(hub));

        // Once the text is edited, the text wins.
        ((ObjectNode) v1beta1.path("spec")).put("composeFile", "services:\n  web:\n    image: httpd\n");
        JsonNode edited = StackVersions.convert(v1beta1, GROUP + "v1alpha3").path("spec");
        assertThat(edited.at("/services/0/image").asText()).isEqualTo("httpd");
        assertThat(edited.at("/services/0/internal_service_type").isMissingNode()).isTrue();
    }

    @Test
    void aV1beta1ObjectReadsBackItsOwnText() throws Exception {
        String text = resource("wordsmith.docker-compose.yml");
        ObjectNode v1beta1 = stack("v1beta1", StackJson.strict().createObjectNode().put("composeFile", text).toString());
        ObjectNode hub = StackVersions.convert(v1beta1, GROUP + "v1alpha3");
        assertThat(hub.at("/spec/services").findValuesAsText("name")).containsExactlyInAnyOrder("db", "words", "web");
        assertThat(StackVersions.convert(hub, GROUP + "v1beta1").at("/spec/composeFile").asText()).isEqualTo(text);
        assertThat(StackVersions.convert(hub, GROUP + "v1beta1").at("/metadata/annotations").has(
                StackVersions.COMPOSE_FILE_ANNOTATION)).isFalse();
    }

    @Test
    void anUnparsableComposeFileFailsWithTheLoadersMessage() throws Exception {
        ObjectNode v1beta1 = stack("v1beta1", "{\"composeFile\":\"services:\\n  web:\\n    image: [x\\n\"}");
        assertThatThrownBy(() -> StackVersions.convert(v1beta1, GROUP + "v1alpha3"))
                .isInstanceOf(StackVersions.ConversionException.class)
                .hasMessageStartingWith("parsing error: composeFile:");
    }

    @Test
    void aForeignApiVersionIsRefused() throws Exception {
        ObjectNode other = stack("v1alpha3", "{}");
        other.put("apiVersion", "example.com/v1");
        assertThatThrownBy(() -> StackVersions.convert(other, GROUP + "v1beta1"))
                .hasMessageContaining("unsupported apiVersion \"example.com/v1\"");
    }

    @Test
    void composeFilesThatWouldReadServerFilesAreListed() {
        assertThat(ComposeFileParser.fileAccess("include:\n  - other.yml\nservices:\n  web:\n    image: x\n"
                + "    env_file: /etc/passwd\n    extends:\n      file: base.yml\n      service: b\n"))
                .containsExactly("composeFile: include: is not supported in a compose file sent to the server",
                        "composeFile: services.web.env_file: files cannot be read by the server; put the values in the compose file",
                        "composeFile: services.web.extends.file: files cannot be read by the server; extend a service of this file");
        assertThat(ComposeFileParser.fileAccess("services:\n  web:\n    image: x\n")).isEqualTo(List.of());
    }

    private static ObjectNode stack(String version, String spec) throws IOException {
        return (ObjectNode) StackJson.strict().readTree("{\"apiVersion\":\"" + GROUP + version
                + "\",\"kind\":\"Stack\",\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }

    static String resource(String name) throws IOException {
        try (InputStream in = StackVersionsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
