package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.Manifests;
import dev.kstack.convert.chart.HelmChart;
import dev.kstack.convert.compose.ComposeConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart {@code kstack convert --chart} writes, checked with the real Helm engine (helm-java runs Helm's Go code
 * in process): {@code helm lint --strict} passes and {@code helm template} with the default values gives exactly
 * the objects {@code kstack convert} prints, for every project of the awesome-compose corpus, the small files of
 * names Kubernetes refuses and the examples; values set on the command line reach the objects.
 */
class ChartExportHelmTest {
    static final Path ROOT = DeployManifestsTest.ROOT;
    static final Path CORPUS = ROOT.resolve("pure/compose/src/test/resources/corpus/awesome-compose");
    static final Path NAMES = ROOT.resolve("tests/conversion-it/src/test/resources/names");
    static final Map<String, String> ENV = Map.of("HOME", "/home/user", "DB_PASSWORD", "secret");

    @TempDir
    Path dir;

    static List<Path> projects() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path root : List.of(CORPUS, NAMES)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.filter(Files::isDirectory).sorted().forEach(out::add);
            }
        }
        out.add(ROOT.resolve("examples/wordsmith"));
        out.add(ROOT.resolve("examples/notes"));
        return out;
    }

    @Test
    void everyProjectIsChecked() throws IOException {
        assertThat(projects()).hasSize(39 + 4 + 2);
    }

    @ParameterizedTest
    @MethodSource("projects")
    void helmLintsTheChartAndRendersExactlyTheConvertedObjects(Path project) throws Exception {
        ComposeConversion.Converted converted = ComposeConversion.convert(LoadOptions.of(project, ENV), "", "");
        Path chart = export(converted);

        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict of %s: %s", project, lint.getMessages()).isFalse();

        String rendered = new Helm(chart).template().withName("release").withNamespace("test").call();
        assertThat(sorted(DeployManifestsTest.documents(rendered))).as("helm template of %s", project)
                .isEqualTo(sorted(DeployManifestsTest.documents(Manifests.yaml(converted.objects()))));
    }

    @Test
    void theValuesOfAServiceReachItsObjects() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("compose.yaml"), """
                name: shop
                services:
                  front_end:
                    image: nginx:1.25
                    ports: ["8080:80"]
                    command: ["sh", "-c", "echo '{{ .Values.nothing }}'"]
                    deploy:
                      resources:
                        limits: {cpus: "0.5", memory: 256M}
                  db-server:
                    image: postgres:16
                  api.v1:
                    image: api
                """);
        ComposeConversion.Converted converted = ComposeConversion.convert(LoadOptions.of(project, ENV), "", "");
        Path chart = export(converted);

        String rendered = new Helm(chart).template().withName("shop")
                .set("services.front_end.image", "registry.example/nginx:1.26")
                .set("services.front_end.replicas", 3)
                .set("services.front_end.resources.limits.memory", "1Gi")
                .set("services.front_end.publishedServiceType", "NodePort")
                .set("services.db-server.resources.requests.cpu", "250m")
                .set("services.api\\.v1.replicas", 2)
                .call();
        List<JsonNode> docs = DeployManifestsTest.documents(rendered);

        JsonNode web = object(docs, "Deployment", "front-end");
        assertThat(web.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode container = web.at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("registry.example/nginx:1.26");
        assertThat(container.at("/resources/limits").toString()).isEqualTo("{\"cpu\":\"500m\",\"memory\":\"1Gi\"}");
        // text that looks like a template expression is the service's own, printed as it is
        assertThat(container.path("args").toString()).contains("echo '{{ .Values.nothing }}'");
        assertThat(object(docs, "Service", "front-end-published").at("/spec/type").asText()).isEqualTo("NodePort");
        JsonNode db = object(docs, "Deployment", "db-server").at("/spec/template/spec/containers/0");
        assertThat(db.path("resources").toString()).isEqualTo("{\"requests\":{\"cpu\":\"250m\"}}");
        assertThat(db.path("image").asText()).isEqualTo("postgres:16");
        // on Helm's command line a dot in a compose name is written \.
        assertThat(object(docs, "Deployment", "api-v1").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    private Path export(ComposeConversion.Converted converted) throws IOException {
        Path chart = dir.resolve(converted.stackName());
        ChartFiles.write(chart, false, HelmChart.of(converted.stackName(), converted.stackName(), "kstack test",
                converted.objects()));
        return chart;
    }

    static JsonNode object(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
    }

    static List<JsonNode> sorted(List<JsonNode> docs) {
        return docs.stream().sorted(Comparator.comparing((JsonNode d) -> d.path("kind").asText())
                .thenComparing(d -> d.at("/metadata/name").asText())).toList();
    }
}
