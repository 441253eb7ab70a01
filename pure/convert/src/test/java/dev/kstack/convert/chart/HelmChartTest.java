package dev.kstack.convert.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.Manifests;
import dev.kstack.convert.compose.ComposeConversion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compose in, chart out: what values.yaml holds per service, and which fields of the templates read it. That the
 * chart renders to the converted objects is checked with the real Helm engine in the CLI's ChartExportHelmTest.
 */
class HelmChartTest {
    @TempDir
    Path dir;

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("replicas, image and resources of a replicated service", """
                        web:
                          image: nginx:1.25
                          deploy: {replicas: 2, resources: {limits: {cpus: "0.5"}, reservations: {memory: 64M}}}
                        """, """
                        services:
                          web:
                            image: nginx:1.25
                            replicas: 2
                            resources:
                              limits:
                                cpu: 500m
                              requests:
                                memory: "67108864"
                        """),
                Arguments.of("a global service (a DaemonSet) has no replicas", """
                        agent:
                          image: agent
                          deploy: {mode: global}
                        """, """
                        services:
                          agent:
                            image: agent
                            resources: {}
                        """),
                Arguments.of("published ports: the type of their Services; names as compose writes them", """
                        front_end:
                          image: nginx
                          ports: ["8080:80", "5353:53/udp"]
                        db-server:
                          image: postgres
                        """, """
                        services:
                          db-server:
                            image: postgres
                            replicas: 1
                            resources: {}
                          front_end:
                            image: nginx
                            replicas: 1
                            resources: {}
                            publishedServiceType: LoadBalancer
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void values(String name, String services, String expected) throws Exception {
        HelmChart chart = chart("services:\n" + services.indent(2));

        String values = chart.files().get("values.yaml");
        assertThat(values.substring(values.indexOf("\nservices:") + 1)).isEqualTo(expected);
    }

    @Test
    void theTemplatesReadTheValuesOfTheirService() throws Exception {
        HelmChart chart = chart("""
                services:
                  front_end:
                    image: nginx
                    ports: ["8080:80", "5353:53/udp"]
                    pre_start:
                      - command: ["touch", "/ready"]
                """);

        String ref = "(index .Values.services \"front_end\")";
        assertThat(chart.files().keySet()).containsExactly("Chart.yaml", "templates/NOTES.txt",
                "templates/deployment-front-end.yaml", "templates/service-front-end-published-udp.yaml",
                "templates/service-front-end-published.yaml", "templates/service-front-end.yaml", "values.yaml");
        String deployment = chart.files().get("templates/deployment-front-end.yaml");
        assertThat(deployment).contains("  replicas: {{ " + ref + ".replicas }}\n", "{{- with " + ref
                + ".resources }}\n        resources:\n          {{- toYaml . | nindent 10 }}\n{{- end }}\n");
        // the pre_start hook runs in an init container of the service's image: it follows the value too
        assertThat(deployment.split("image: \\{\\{ " + java.util.regex.Pattern.quote(ref) + ".image \\| quote }}",
                -1)).hasSize(3);
        for (String published : new String[] {"published", "published-udp"}) {
            assertThat(chart.files().get("templates/service-front-end-" + published + ".yaml"))
                    .contains("  type: {{ " + ref + ".publishedServiceType | quote }}");
        }
        assertThat(chart.files().get("templates/service-front-end.yaml")).doesNotContain("{{");
        assertThat(chart.files().get("Chart.yaml")).startsWith("apiVersion: v2\nname: shop\n")
                .contains("version: 0.1.0\n", "appVersion: \"0.1.0\"\n");
    }

    @Test
    void textGoTemplatesWouldReadIsEscapedAndObjectsOfNoServiceStayAsTheyAre() throws Exception {
        Files.writeString(dir.resolve("site.conf"), "listen {{ port }};\n");
        HelmChart chart = chart("""
                services:
                  web:
                    image: nginx
                    command: ["echo", "{{ .Values.x }} {{- y }}"]
                    configs: [site]
                configs:
                  site: {file: ./site.conf}
                """);

        assertThat(chart.files().get("templates/deployment-web.yaml"))
                .contains("- \"{{ \"{{\" }} .Values.x }} {{ \"{{\" }}- y }}\"");
        HasMetadata config = converted().objects().get(0);
        assertThat(chart.files().get("templates/" + Manifests.fileName(config, "yaml")))
                .isEqualTo(Manifests.yaml(config).replace("{{", "{{ \"{{\" }}"));
    }

    private ComposeConversion.Converted converted() throws Exception {
        return ComposeConversion.convert(LoadOptions.of(dir, Map.of("HOME", "/home/user")), "shop", "");
    }

    private HelmChart chart(String compose) throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), compose);
        ComposeConversion.Converted converted = converted();
        return HelmChart.of("shop", converted.stackName(), "kstack test", converted.objects());
    }
}
