package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.kstack.convert.Manifests;
import dev.kstack.server.ServingCa;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kstack's own chart, {@code deploy/helm/kstack}, with the real Helm engine (helm-java runs Helm's Go code in process):
 * {@code helm lint --strict} passes, and {@code helm template} renders, with the default values and with every value
 * docs/operations.md documents ({@code image.repository}, {@code image.tag}, {@code replicas}, {@code tls.ca},
 * {@code tls.caKey}), the objects {@code kstack install} applies. {@link DeployManifestsTest} checks that the chart is
 * the generated one and, with its own renderer, the policy/v1beta1 branch Helm's client-side capabilities never take.
 */
class KstackChartHelmTest {
    static final Path CHART = DeployManifestsTest.ROOT.resolve(DeployManifests.CHART);
    static final String NS = "kstack-system";

    @TempDir
    Path dir;

    @Test
    void helmLintStrictPasses() throws Exception {
        // helm-java's lint takes no values: it lints with values.yaml, as `helm lint --strict deploy/helm/kstack`
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void theDefaultValuesRenderTheServerTheControllerAndTheStackApi() throws Exception {
        List<JsonNode> docs = DeployManifestsTest.documents(new Helm(CHART).template().withName("kstack")
                .withNamespace(NS).call());

        assertThat(docs).extracting(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("ServiceAccount/kstack-server", "ClusterRole/kstack-server",
                        "ClusterRoleBinding/kstack-server", "Secret/kstack-server-tls", "Service/kstack-server",
                        "Deployment/kstack-server", "PodDisruptionBudget/kstack-server",
                        "CustomResourceDefinition/stacks.compose.docker.com",
                        "MutatingWebhookConfiguration/kstack-server", "ValidatingWebhookConfiguration/kstack-server",
                        "ClusterRole/kstack-stacks-view", "ClusterRole/kstack-stacks-edit",
                        "ServiceAccount/kstack-controller", "ClusterRole/kstack-controller",
                        "ClusterRoleBinding/kstack-controller", "Deployment/kstack-controller");
        // every namespaced object is in the release's namespace
        assertThat(docs).filteredOn(d -> !d.path("kind").asText().startsWith("Cluster")
                && !d.path("kind").asText().endsWith("WebhookConfiguration")
                && !d.path("kind").asText().equals("CustomResourceDefinition"))
                .extracting(d -> d.at("/metadata/namespace").asText()).containsOnly(NS);

        JsonNode server = ChartExportHelmTest.object(docs, "Deployment", "kstack-server");
        assertThat(server.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(server.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("kstack/kstack:" + VersionCommand.clientVersion());
        assertThat(server.at("/spec/template/spec/containers/0/args").toString())
                .contains("--self-signed=kstack-server.kstack-system.svc,");
        // two replicas on two nodes where the scheduler can, and at most one down in a drain
        JsonNode spread = server.at("/spec/template/spec/affinity/podAntiAffinity"
                + "/preferredDuringSchedulingIgnoredDuringExecution/0");
        assertThat(spread.at("/podAffinityTerm/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(spread.at("/podAffinityTerm/labelSelector/matchLabels"))
                .isEqualTo(server.at("/spec/selector/matchLabels"));
        JsonNode budget = ChartExportHelmTest.object(docs, "PodDisruptionBudget", "kstack-server");
        assertThat(budget.path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/spec/selector")).isEqualTo(server.at("/spec/selector"));

        JsonNode controller = ChartExportHelmTest.object(docs, "Deployment", "kstack-controller");
        assertThat(controller.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(controller.at("/spec/template/spec/containers/0/args").toString())
                .contains("--lease-namespace=kstack-system");
        // the webhooks and the CRD's conversion call the server's Service in the release's namespace
        JsonNode crd = ChartExportHelmTest.object(docs, "CustomResourceDefinition", "stacks.compose.docker.com");
        assertThat(crd.at("/spec/conversion/webhook/clientConfig/service/namespace").asText()).isEqualTo(NS);
        assertThat(crd.at("/spec/versions").findValuesAsText("name"))
                .contains("v1alpha3", "v1beta2", "v1beta1");
    }

    @Test
    void theDocumentedValuesRenderExactlyWhatInstallApplies() throws Exception {
        ServingCa tls = ServingCa.generate();
        Path ca = Files.writeString(dir.resolve("ca.crt"), tls.certificatePem());
        Path key = Files.writeString(dir.resolve("ca.key"), tls.keyPem());

        // as docs/operations.md: helm install ... --set-file tls.ca=ca.crt --set-file tls.caKey=ca.key
        String rendered = new Helm(CHART).template().withName("kstack").withNamespace(NS)
                .set("image.repository", "registry.example/kstack").set("image.tag", "1.2").set("replicas", 3)
                .setFile("tls.ca", ca).setFile("tls.caKey", key).call();

        List<HasMetadata> installed = Installer.inCluster(NS, "registry.example/kstack:1.2", 3, tls).stream()
                .filter(o -> !(o instanceof Namespace)).toList();
        assertThat(ChartExportHelmTest.sorted(DeployManifestsTest.documents(rendered)))
                .isEqualTo(ChartExportHelmTest.sorted(DeployManifestsTest.documents(Manifests.yaml(installed))));
        JsonNode webhook = ChartExportHelmTest.object(DeployManifestsTest.documents(rendered),
                "ValidatingWebhookConfiguration", "kstack-server");
        assertThat(new String(Base64.getDecoder().decode(webhook.at("/webhooks/0/clientConfig/caBundle").asText()),
                StandardCharsets.UTF_8)).isEqualTo(tls.certificatePem());
    }
}
