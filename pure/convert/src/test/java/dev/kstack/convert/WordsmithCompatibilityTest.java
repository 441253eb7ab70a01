package dev.kstack.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.compose.ComposeConversion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The captured wordsmith Stack converts to the objects the original created (captured/hellokube.children.json):
 * same kinds and names, labels, selectors, Service types and ports, replicas and container ports.
 */
class WordsmithCompatibilityTest {
    static JsonNode captured;
    static ConversionResult result;
    static final ObjectMapper JSON = new ObjectMapper();

    static String resource(String name) throws IOException {
        try (InputStream in = WordsmithCompatibilityTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void convert() throws Exception {
        captured = JSON.readTree(resource("captured/hellokube.children.json")).get("items");
        Stack stack = StackJson.read(resource("captured/hellokube.v1alpha3.json"), Stack.class);
        result = StackConverter.convert(StackInput.of(stack.metadata().name(), stack.metadata().namespace(),
                stack.spec()));
    }

    @Test
    void theComposeFileMapsToTheCapturedStackSpec() throws Exception {
        Path dir = Files.createTempDirectory("wordsmith");
        Files.writeString(dir.resolve("docker-compose.yml"), resource("captured/wordsmith.docker-compose.yml"));
        Stack stack = StackJson.read(resource("captured/hellokube.v1alpha3.json"), Stack.class);

        ComposeConversion.Converted converted = ComposeConversion.convert(LoadOptions.of(dir, Map.of()),
                "hellokube", "default");

        assertThat(converted.spec().services().stream().map(StackJson::write).sorted().toList())
                .isEqualTo(stack.spec().services().stream().map(StackJson::write).sorted().toList());
        assertThat(converted.warnings()).contains("service \"db\": build is ignored", "service \"web\": build is ignored",
                "service \"words\": build is ignored");
        List<String> fromCompose = converted.objects().stream().map(JSON::valueToTree).map(Object::toString).toList();
        List<String> fromStack = result.objects().stream().map(JSON::valueToTree).map(Object::toString).toList();
        assertThat(fromCompose).as("the same objects as from the captured Stack").isEqualTo(fromStack);
    }

    /** kind/name → the object as JSON, for both sides. */
    static Map<String, JsonNode> byKindAndName(Iterable<JsonNode> items) {
        Map<String, JsonNode> out = new TreeMap<>();
        items.forEach(i -> out.put(i.get("kind").asText() + "/" + i.at("/metadata/name").asText(), i));
        return out;
    }

    static Map<String, JsonNode> ours() {
        List<JsonNode> items = new ArrayList<>();
        for (HasMetadata o : result.objects()) {
            items.add(JSON.valueToTree(o));
        }
        return byKindAndName(items);
    }

    @Test
    void sameObjectsByKindAndName() {
        assertThat(ours().keySet()).containsExactlyElementsOf(byKindAndName(captured).keySet());
    }

    @Test
    void sameLabelsAndSelectors() {
        Map<String, JsonNode> ours = ours();
        byKindAndName(captured).forEach((key, theirs) -> {
            JsonNode mine = ours.get(key);
            assertThat(mine.at("/metadata/labels")).as(key + " labels").isEqualTo(theirs.at("/metadata/labels"));
            if (theirs.get("kind").asText().equals("Deployment")) {
                assertThat(mine.at("/spec/selector")).as(key + " selector").isEqualTo(theirs.at("/spec/selector"));
                assertThat(mine.at("/spec/template/metadata/labels")).as(key + " pod labels")
                        .isEqualTo(theirs.at("/spec/template/metadata/labels"));
                assertThat(mine.at("/spec/replicas")).as(key + " replicas").isEqualTo(theirs.at("/spec/replicas"));
                assertThat(mine.at("/spec/template/spec/containers/0/image")).as(key + " image")
                        .isEqualTo(theirs.at("/spec/template/spec/containers/0/image"));
                assertThat(mine.at("/spec/template/spec/containers/0/ports")).as(key + " container ports")
                        .isEqualTo(theirs.at("/spec/template/spec/containers/0/ports"));
            } else {
                assertThat(mine.at("/spec/selector")).as(key + " selector").isEqualTo(theirs.at("/spec/selector"));
            }
        });
    }

    @Test
    void sameServiceTypesAndPorts() {
        Map<String, JsonNode> ours = ours();
        byKindAndName(captured).forEach((key, theirs) -> {
            if (!theirs.get("kind").asText().equals("Service")) {
                return;
            }
            JsonNode mine = ours.get(key);
            Service s = JSON.convertValue(mine, Service.class);
            assertThat(s.getSpec().getType()).as(key + " type").isEqualTo(theirs.at("/spec/type").asText());
            String clusterIp = theirs.at("/spec/clusterIP").asText();
            if (clusterIp.equals("None")) {
                assertThat(s.getSpec().getClusterIP()).as(key + " headless").isEqualTo("None");
            }
            List<JsonNode> theirPorts = new ArrayList<>();
            theirs.at("/spec/ports").forEach(p -> {
                com.fasterxml.jackson.databind.node.ObjectNode copy = p.deepCopy();
                copy.remove("nodePort");
                theirPorts.add(copy);
            });
            assertThat(mine.at("/spec/ports")).as(key + " ports").containsExactlyElementsOf(theirPorts);
        });
    }

    @Test
    void noForcedPlacementAndNoWarnings() {
        Deployment web = (Deployment) result.objects().stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals("web")).findFirst().get();
        assertThat(web.getSpec().getTemplate().getSpec().getAffinity()).isNull();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("default"));
    }
}
