package dev.kstack.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kstack.convert.Manifests;
import dev.kstack.server.ServingCa;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files under {@code deploy/}, rendered by the same code as {@code kstack install} (CRD mode, in cluster):
 * the Helm chart's template {@code deploy/helm/kstack/templates/kstack.yaml} and the plain manifests
 * {@code deploy/kstack.yaml}. Both are {@code install --dry-run} with recognisable values in place of the
 * namespace, image, replica count and TLS material, replaced by Helm expressions ({@link #HELM}) or by
 * {@code ${VARIABLE}} placeholders for {@code envsubst} ({@link #ENVSUBST}). The chart leaves the Namespace out:
 * Helm creates it ({@code --create-namespace}).
 *
 * <p>Run {@code java -cp ... dev.kstack.cli.DeployManifests ROOT} after a change to what install renders;
 * {@code DeployManifestsTest} fails while the committed files differ.
 */
public final class DeployManifests {
    static final String NAMESPACE = "kstack-deploy-namespace";
    static final String IMAGE = "kstack-deploy-image:kstack-deploy-tag";
    static final int REPLICAS = 7919;
    static final ServingCa TLS = new ServingCa("KSTACK-DEPLOY-CA", "KSTACK-DEPLOY-KEY");

    static final Path CHART = Path.of("deploy/helm/kstack");
    static final Path CHART_TEMPLATE = CHART.resolve("templates/kstack.yaml");
    static final Path PLAIN = Path.of("deploy/kstack.yaml");

    /** The disruption budget's apiVersion line as install renders it (install applies policy/v1beta1 before 1.21). */
    static final String BUDGET_VERSION = "apiVersion: policy/v1\nkind: PodDisruptionBudget\n";

    /**
     * The chart's choice of the budget's version: policy/v1 where the cluster serves it, else policy/v1beta1 (the
     * same spec; Kubernetes before 1.21 serves only that one). It asks for the group version, not for
     * {@code policy/v1/PodDisruptionBudget}: {@code helm template} without a cluster knows group versions only, and
     * would otherwise render policy/v1beta1, which Kubernetes 1.25 and later do not serve.
     */
    static final String HELM_BUDGET_VERSION = "{{ if .Capabilities.APIVersions.Has \"policy/v1\" }}"
            + "policy/v1{{ else }}policy/v1beta1{{ end }}";

    /** Helm expressions for each stand-in value (the chart's values.yaml names them). */
    static final Map<String, String> HELM = substitutions("{{ .Release.Namespace }}",
            "{{ .Values.image.repository }}:{{ .Values.image.tag }}", "{{ .Values.replicas }}",
            "{{ .Values.tls.ca | b64enc }}", "{{ .Values.tls.ca | quote }}", "{{ .Values.tls.caKey | quote }}",
            HELM_BUDGET_VERSION);

    /** {@code envsubst} variables for each stand-in value. */
    static final Map<String, String> ENVSUBST = substitutions("${KSTACK_NAMESPACE}", "${KSTACK_IMAGE}",
            "${KSTACK_REPLICAS}", "${KSTACK_CA_BUNDLE}", "\"${KSTACK_CA_PEM}\"", "\"${KSTACK_CA_KEY_PEM}\"",
            "${KSTACK_PDB_API_VERSION}");

    /** As {@link Manifests#yaml} writes objects, with map entries (labels, annotations) sorted: the files are stable. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build())
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private DeployManifests() {
    }

    static String yaml(List<HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects) {
            try {
                out.append(out.length() > 0 ? "---\n" : "").append(YAML.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static Map<String, String> substitutions(String namespace, String image, String replicas,
            String caBundle, String caPem, String caKeyPem, String budgetVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BUDGET_VERSION, "apiVersion: " + budgetVersion + "\nkind: PodDisruptionBudget\n");
        m.put(IMAGE, image);
        m.put("replicas: " + REPLICAS, "replicas: " + replicas);
        m.put(TLS.caBundle(), caBundle);
        m.put(TLS.certificatePem(), caPem);
        m.put(TLS.keyPem(), caKeyPem);
        m.put(NAMESPACE, namespace);
        return m;
    }

    /** What install applies, with the stand-in values. */
    static List<HasMetadata> objects() {
        return Installer.inCluster(NAMESPACE, IMAGE, REPLICAS, TLS);
    }

    static String chartTemplate() {
        String header = "# Generated by dev.kstack.cli.DeployManifests from what `kstack install` applies; do not edit.\n";
        return header + replace(yaml(objects().stream().filter(o -> !(o instanceof Namespace)).toList()),
                HELM);
    }

    static String plainManifests() {
        String header = """
                # Generated by dev.kstack.cli.DeployManifests from what `kstack install` applies; do not edit.
                # Fill in the variables with envsubst (docs/operations.md says how to make the TLS material);
                # KSTACK_PDB_API_VERSION is policy/v1, or policy/v1beta1 on Kubernetes before 1.21:
                #   envsubst < deploy/kstack.yaml | kubectl apply -f -
                """;
        return header + replace(yaml(objects()), ENVSUBST);
    }

    /** Chart.yaml: the chart's and the application's version are kstack's. */
    static String chartYaml() {
        String version = VersionCommand.clientVersion();
        return """
                # Generated by dev.kstack.cli.DeployManifests; do not edit.
                apiVersion: v2
                name: kstack
                description: kstack, Compose on Kubernetes (CRD mode) - the Stack API, its webhook server and the controller
                type: application
                version: %s
                appVersion: "%s"
                """.formatted(version, version);
    }

    /** values.yaml: every value the template uses, with install's defaults. */
    static String valuesYaml() {
        return """
                # Generated by dev.kstack.cli.DeployManifests; do not edit (override with --set or -f).
                image:
                  repository: %s
                  tag: "%s"
                # Replicas of the server and of the controller (they elect a leader).
                replicas: 2
                # The CA (PEM certificate and key) the webhook server issues its own serving certificates from (each
                # valid 30 days, renewed after 20); kube-apiserver trusts it. docs/operations.md shows how to make it.
                tls:
                  ca: ""
                  caKey: ""
                """.formatted(InstallCommand.DEFAULT_IMAGE, VersionCommand.clientVersion());
    }

    static String replace(String text, Map<String, String> substitutions) {
        String out = text;
        for (Map.Entry<String, String> e : substitutions.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Writes both files under the project root given as the only argument (default: the current folder). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        write(root.resolve(CHART_TEMPLATE), chartTemplate());
        write(root.resolve(CHART.resolve("Chart.yaml")), chartYaml());
        write(root.resolve(CHART.resolve("values.yaml")), valuesYaml());
        write(root.resolve(PLAIN), plainManifests());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }
}
