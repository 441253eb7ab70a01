package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kstack.convert.Manifests;
import dev.kstack.server.InstallManifests;
import dev.kstack.server.ServingCa;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart and the plain manifests under deploy/ are what {@code kstack install} applies.
 *
 * <p>{@link KstackChartHelmTest} renders and lints the chart with Helm's own engine. Here the template is also rendered
 * by {@link #helmRender}, for the policy/v1beta1 branch that {@code helm template} without a cluster never takes: a
 * substitution of exactly the expressions the chart uses, {@code {{ .Values.a.b }}} and {@code {{ .Release.Namespace }}}
 * followed by any of the pipes {@code b64enc} and {@code quote} (Go's %q), and the one conditional on
 * {@code .Capabilities.APIVersions} that picks the budget's version. Any other expression fails the test, so
 * the chart cannot grow a construct this renderer would get wrong.
 */
class DeployManifestsTest {
    static final Path ROOT = Path.of(System.getProperty("kstack.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern EXPRESSION = Pattern.compile("\\{\\{\\s*(\\.[A-Za-z.]+)((?:\\s*\\|\\s*[a-z0-9]+)*)\\s*}}");

    @Test
    void theCommittedFilesAreTheGeneratedOnes() throws IOException {
        assertThat(read(DeployManifests.CHART_TEMPLATE)).isEqualTo(DeployManifests.chartTemplate());
        assertThat(read(DeployManifests.CHART.resolve("Chart.yaml"))).isEqualTo(DeployManifests.chartYaml());
        assertThat(read(DeployManifests.CHART.resolve("values.yaml"))).isEqualTo(DeployManifests.valuesYaml());
        assertThat(read(DeployManifests.PLAIN)).isEqualTo(DeployManifests.plainManifests());
    }

    @Test
    void theChartRendersWhatInstallApplies() throws IOException {
        String namespace = "kstack-system";
        ServingCa tls = ServingCa.generate();
        JsonNode values = YAML.readTree(read(DeployManifests.CHART.resolve("values.yaml")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) values).put("replicas", 2).putObject("tls")
                .put("ca", tls.certificatePem()).put("caKey", tls.keyPem());

        String rendered = helmRender(read(DeployManifests.CHART_TEMPLATE), values, namespace, true);

        List<HasMetadata> installed = Installer.inCluster(namespace,
                InstallCommand.DEFAULT_IMAGE + ":" + VersionCommand.clientVersion(), 2, tls).stream()
                .filter(o -> !(o instanceof Namespace)).toList();
        assertThat(documents(rendered)).isEqualTo(documents(Manifests.yaml(installed)));

        // a cluster without policy/v1 (before 1.21) gets the budget as policy/v1beta1, as install applies it there
        List<JsonNode> old = documents(helmRender(read(DeployManifests.CHART_TEMPLATE), values, namespace, false));
        assertThat(old).filteredOn(d -> d.path("kind").asText().equals("PodDisruptionBudget"))
                .extracting(d -> d.path("apiVersion").asText()).containsExactly("policy/v1beta1");
        assertThat(old).filteredOn(d -> !d.path("kind").asText().equals("PodDisruptionBudget"))
                .isEqualTo(documents(rendered).stream().filter(d -> !d.path("kind").asText()
                        .equals("PodDisruptionBudget")).toList());
    }

    @Test
    void thePlainManifestsWithTheirVariablesFilledInAreWhatInstallApplies() throws IOException {
        ServingCa tls = ServingCa.generate();
        Map<String, String> env = Map.of("KSTACK_NAMESPACE", "kstack", "KSTACK_IMAGE", "registry.example/kstack:1.2",
                "KSTACK_REPLICAS", "3", "KSTACK_CA_BUNDLE", tls.caBundle(),
                "KSTACK_CA_PEM", escapedNewlines(tls.certificatePem()),
                "KSTACK_CA_KEY_PEM", escapedNewlines(tls.keyPem()), "KSTACK_PDB_API_VERSION", "policy/v1");

        String text = read(DeployManifests.PLAIN);
        for (Map.Entry<String, String> e : env.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }

        assertThat(text).doesNotContain("${");
        assertThat(documents(text)).isEqualTo(documents(Manifests.yaml(
                Installer.inCluster("kstack", "registry.example/kstack:1.2", 3, tls))));
    }

    @Test
    void theRendererRefusesExpressionsItDoesNotKnow() {
        JsonNode values = YAML.createObjectNode().put("a", "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> helmRender("k: {{ .Values.a | upper }}", values, "ns", true))
                .hasMessageContaining("upper");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> helmRender("k: {{ .Values.b }}", values, "ns", true))
                .hasMessageContaining(".Values.b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> helmRender("k: {{ if .Values.a }}", values, "ns", true))
                .hasMessageContaining("if");
    }

    /** As the envsubst instructions in docs/operations.md prepare a PEM: its newlines written as \n. */
    static String escapedNewlines(String pem) {
        return pem.replace("\n", "\\n");
    }

    /**
     * {@code policyV1}: whether the cluster serves policy/v1 PodDisruptionBudgets ({@code .Capabilities.APIVersions}),
     * for the one conditional the chart has, {@link DeployManifests#HELM_BUDGET_VERSION}.
     */
    static String helmRender(String template, JsonNode values, String releaseNamespace, boolean policyV1) {
        Matcher m = EXPRESSION.matcher(template.replace(DeployManifests.HELM_BUDGET_VERSION,
                policyV1 ? "policy/v1" : "policy/v1beta1"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup(m.group(1), values, releaseNamespace);
            for (String pipe : m.group(2).split("\\|")) {
                value = switch (pipe.trim()) {
                    case "" -> value;
                    case "b64enc" -> Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
                    case "quote" -> goQuote(value);
                    default -> throw new IllegalArgumentException("pipe not supported by the test renderer: " + pipe);
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (out.indexOf("{{") >= 0) {
            int at = out.indexOf("{{");
            throw new IllegalArgumentException("expression not supported by the test renderer: "
                    + out.substring(at, Math.min(out.length(), at + 40)));
        }
        return out.toString();
    }

    private static String lookup(String path, JsonNode values, String releaseNamespace) {
        if (path.equals(".Release.Namespace")) {
            return releaseNamespace;
        }
        if (!path.startsWith(".Values.")) {
            throw new IllegalArgumentException("not supported by the test renderer: " + path);
        }
        JsonNode node = values;
        for (String key : path.substring(".Values.".length()).split("\\.")) {
            node = node.path(key);
        }
        if (node.isMissingNode() || node.isContainerNode()) {
            throw new IllegalArgumentException("no value " + path);
        }
        return node.asText();
    }

    /** Go's %q for the characters PEM and names contain. */
    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static String read(Path relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }
}
