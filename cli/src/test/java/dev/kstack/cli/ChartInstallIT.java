package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart {@code kstack convert --chart} exports from the wordsmith example installs on the real local control plane
 * with Helm's own install (helm-java, in process, over the cluster's TLS with its kubeconfig), and the cluster then
 * holds the objects {@code kstack convert} prints: the same set, and each with every field convert writes (the server
 * adds its defaults, and Helm its release labels and annotations).
 */
@ExtendWith(LocalClusterExtension.class)
class ChartInstallIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theExportedWordsmithChartInstallsTheObjectsKstackConvertPrints(LocalCluster cluster, KubernetesClient admin,
            ClusterUsers users) throws Exception {
        String wordsmith = WordsmithIT.WORDSMITH.toString();
        String ns = users.createNamespace("chart");
        Path chart = dir.resolve("wordsmith");
        Cli.Run export = Cli.run("convert", "-f", wordsmith, "--chart", chart.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        List<JsonNode> printed = DeployManifestsTest.documents(Cli.run("convert", "-f", wordsmith).out());

        // as `helm install wordsmith DIR -n NS` (not --wait: Helm waits for the LoadBalancer's address too, which no
        // controller of the local control plane assigns)
        Release release = new Helm(chart).install().withName("wordsmith").withNamespace(ns)
                .withKubeConfig(cluster.kubeconfig()).call();
        try {
            assertThat(release.getStatus()).isEqualTo("deployed");
            for (JsonNode object : printed) {
                String kind = object.path("kind").asText();
                String name = object.at("/metadata/name").asText();
                GenericKubernetesResource live = admin.genericKubernetesResources(object.path("apiVersion").asText(),
                        kind).inNamespace(ns).withName(name).get();
                assertThat(live).as("%s/%s installed", kind, name).isNotNull();
                assertThat(missing(object, JSON.valueToTree(live), ""))
                        .as("what %s/%s lacks of what kstack convert prints", kind, name).isEmpty();
            }
            Map<String, String> stack = Map.of(StackLabels.STACK, "wordsmith");
            List<String> installed = Stream.concat(
                    admin.services().inNamespace(ns).withLabels(stack).list().getItems().stream(),
                    admin.apps().deployments().inNamespace(ns).withLabels(stack).list().getItems().stream())
                    .map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
            assertThat(installed).isEqualTo(printed.stream().map(o -> o.path("kind").asText() + "/"
                    + o.at("/metadata/name").asText()).sorted().toList());
            Await.until(Duration.ofMinutes(2), "the 5 words pods ready", () -> Integer.valueOf(5).equals(admin.apps()
                    .deployments().inNamespace(ns).withName("words").get().getStatus().getReadyReplicas()));
        } finally {
            Helm.uninstall("wordsmith").withNamespace(ns).withKubeConfig(cluster.kubeconfig()).call();
        }
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    }

    /** The paths of {@code expected} that {@code live} does not hold with the same value (lists element by element). */
    static List<String> missing(JsonNode expected, JsonNode live, String path) {
        if (expected.isObject()) {
            List<String> out = new java.util.ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.addAll(missing(e.getValue(), live.path(e.getKey()), path + "/" + e.getKey()));
            }
            return out;
        }
        if (expected.isArray()) {
            if (!live.isArray() || live.size() != expected.size()) {
                return List.of(path + ": " + expected + " != " + live);
            }
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                out.addAll(missing(expected.get(i), live.get(i), path + "/" + i));
            }
            return out;
        }
        return expected.asText().equals(live.asText()) && !live.isMissingNode() ? List.of()
                : List.of(path + ": " + expected + " != " + live);
    }
}
