package dev.kstack.server;

import static dev.kstack.server.SharedStackApi.resource;
import static dev.kstack.server.SharedStackApi.stacks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.TestUser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.kstack.testenv.LocalClusterExtension;

/** The Stack API in CRD mode on the real local control plane: discovery, conversion, admission, author. */
@ExtendWith(LocalClusterExtension.class)
class StackApiIT {
    private static final String HELLOKUBE = resource("hellokube.v1alpha3.json");
    private static final String WORDSMITH = resource("wordsmith.docker-compose.yml");

    @BeforeAll
    static void registerApi(KubernetesClient admin) {
        SharedStackApi.get(admin);
    }

    @Test
    void kubectlApiVersionsListsTheThreeVersions(LocalCluster cluster) throws Exception {
        Process p = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "api-versions")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines()).contains("compose.docker.com/v1alpha3", "compose.docker.com/v1beta2",
                "compose.docker.com/v1beta1");
    }

    @Test
    void aStackWrittenInV1alpha3ReadsBackInEveryVersion(KubernetesClient admin, ClusterUsers users) throws IOException {
        String ns = users.createNamespace("conv");
        GenericKubernetesResource hello = Serialization.unmarshal(HELLOKUBE, GenericKubernetesResource.class);
        hello.getMetadata().setNamespace(ns);
        hello.getMetadata().setResourceVersion(null);
        hello.getMetadata().setUid(null);
        hello.getMetadata().setCreationTimestamp(null);
        hello.getMetadata().setSelfLink(null);
        stacks(admin, "v1alpha3").inNamespace(ns).resource(hello).create();

        JsonNode v1alpha3 = spec(admin, "v1alpha3", ns, "hellokube");
        JsonNode v1beta2 = spec(admin, "v1beta2", ns, "hellokube");
        JsonNode v1beta1 = spec(admin, "v1beta1", ns, "hellokube");
        assertThat(v1alpha3).isEqualTo(tree(HELLOKUBE).path("spec"));
        assertThat(v1beta2).isEqualTo(v1alpha3);
        assertThat(v1beta1.path("composeFile").asText()).contains("dockersamples/k8s-wordsmith-web", "33000");

        // Written back unchanged through v1beta1, the spec is what it was.
        GenericKubernetesResource asV1beta1 = stacks(admin, "v1beta1").inNamespace(ns).withName("hellokube").get();
        stacks(admin, "v1beta1").inNamespace(ns).resource(asV1beta1).update();
        assertThat(spec(admin, "v1alpha3", ns, "hellokube")).isEqualTo(v1alpha3);
    }

    @Test
    void aStackWrittenInV1beta2KeepsItsSpecInV1alpha3(KubernetesClient admin, ClusterUsers users) throws IOException {
        String ns = users.createNamespace("conv");
        ObjectNode stack = (ObjectNode) tree(HELLOKUBE);
        stack.put("apiVersion", "compose.docker.com/v1beta2");
        stack.set("metadata", StackJson.strict().createObjectNode().put("name", "beta2").put("namespace", ns));
        stack.remove("status");
        stacks(admin, "v1beta2").inNamespace(ns).resource(
                Serialization.unmarshal(stack.toString(), GenericKubernetesResource.class)).create();
        assertThat(spec(admin, "v1alpha3", ns, "beta2")).isEqualTo(stack.path("spec"));
    }

    @Test
    void aV1beta1WordsmithComposeFileYieldsTheStructuredSpec(KubernetesClient admin, ClusterUsers users)
            throws IOException {
        String ns = users.createNamespace("conv");
        stacks(admin, "v1beta1").inNamespace(ns).resource(v1beta1("wordsmith", WORDSMITH)).create();

        JsonNode spec = spec(admin, "v1alpha3", ns, "wordsmith");
        assertThat(spec.path("services")).extracting(s -> s.path("name").asText() + "=" + s.path("image").asText())
                .containsExactlyInAnyOrder("db=dockersamples/k8s-wordsmith-db", "words=dockersamples/k8s-wordsmith-api",
                        "web=dockersamples/k8s-wordsmith-web");
        JsonNode web = service(spec, "web");
        assertThat(web.path("ports").get(0).path("published").asInt()).isEqualTo(33000);
        assertThat(web.path("ports").get(0).path("target").asInt()).isEqualTo(80);
        assertThat(service(spec, "words").path("deploy").path("replicas").asInt()).isEqualTo(5);
        // The v1beta1 reader gets back exactly the text it wrote.
        assertThat(spec(admin, "v1beta1", ns, "wordsmith").path("composeFile").asText()).isEqualTo(WORDSMITH);
    }

    static Stream<Arguments> refusals() {
        String badName = "{\"services\":[{\"name\":\"web app\",\"image\":\"nginx\"}]}";
        String unknown = "{\"services\":[{\"name\":\"web\",\"imagee\":\"nginx\"}]}";
        return Stream.of(
                Arguments.of("invalid service name", "v1alpha3", "bad", badName, "services.web app"),
                Arguments.of("invalid stack name", "v1alpha3", "bad.name", "{\"services\":[]}", "metadata.name"),
                Arguments.of("unknown field", "v1alpha3", "unknown", unknown, "unknown field \"spec.services[0].imagee\""),
                Arguments.of("v1alpha3-only field in v1beta2", "v1beta2", "beta2only",
                        "{\"services\":[{\"name\":\"web\",\"image\":\"nginx\",\"pull_policy\":\"Always\"}]}",
                        "unknown field \"spec.services[0].pull_policy\""),
                Arguments.of("unparsable compose file", "v1beta1", "broken",
                        "{\"composeFile\":\"services:\\n  web:\\n    image: [unclosed\\n\"}", "spec.composeFile: parsing error"),
                Arguments.of("compose file reading server files", "v1beta1", "sneaky",
                        "{\"composeFile\":\"services:\\n  web:\\n    image: x\\n    env_file: /etc/passwd\\n\"}",
                        "services.web.env_file: files cannot be read by the server"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void invalidStacksAreRefusedNamingTheProblem(String what, String version, String name, String spec, String message,
            KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("refuse");
        String json = "{\"apiVersion\":\"compose.docker.com/" + version + "\",\"kind\":\"Stack\",\"metadata\":{\"name\":\""
                + name + "\"},\"spec\":" + spec + "}";
        GenericKubernetesResource stack = Serialization.unmarshal(json, GenericKubernetesResource.class);
        assertThatThrownBy(() -> stacks(admin, version).inNamespace(ns).resource(stack).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(message);
        assertThat(stacks(admin, "v1alpha3").inNamespace(ns).list().getItems()).isEmpty();
    }

    /** The Docker CLI writes v1beta2 or v1alpha3 Stacks with the compose names; the original refused these. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v1beta2", "v1alpha3"})
    void serviceAndVolumeNamesKubernetesRefusesAreAccepted(String version, KubernetesClient admin,
            ClusterUsers users) throws IOException {
        String ns = users.createNamespace("names");
        String json = "{\"apiVersion\":\"compose.docker.com/" + version + "\",\"kind\":\"Stack\",\"metadata\":"
                + "{\"name\":\"names\"},\"spec\":{\"services\":[{\"name\":\"front_end\",\"image\":\"nginx\","
                + "\"environment\":{\"DB_HOST\":\"db_server\"}},{\"name\":\"db_server\",\"image\":\"postgres\","
                + "\"volumes\":[{\"type\":\"volume\",\"source\":\"db_data\",\"target\":\"/data\"}]}]}}";
        stacks(admin, version).inNamespace(ns).resource(Serialization.unmarshal(json, GenericKubernetesResource.class))
                .create();

        assertThat(spec(admin, "v1alpha3", ns, "names").path("services").findValuesAsText("name"))
                .containsExactly("front_end", "db_server");
    }

    @Test
    void aServiceCollidingWithAnObjectOfNoStackOrAnotherStackIsRefused(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("collide");
        Map<String, String> labels = Map.of("app", "web");
        admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withNewSelector().withMatchLabels(labels).endSelector().withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("web")
                .withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
        admin.services().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata()
                .withName("db").addToLabels("com.docker.stack.namespace", "other").endMetadata().withNewSpec()
                .addNewPort().withPort(5432).withProtocol("TCP").endPort().endSpec().build()).create();

        assertThatThrownBy(() -> stacks(admin, "v1beta1").inNamespace(ns).resource(v1beta1("mine", WORDSMITH)).create())
                .hasMessageContaining("Deployment \"web\" already exists and belongs to no stack")
                .hasMessageContaining("Service \"db\" already exists in stack \"other\"");
        // A stack whose names are free is accepted in the same namespace.
        stacks(admin, "v1beta1").inNamespace(ns).resource(v1beta1("free",
                "services:\n  api:\n    image: nginx\n")).create();
        assertThat(stacks(admin, "v1alpha3").inNamespace(ns).withName("free").get()).isNotNull();
    }

    @Test
    void theRecordedAuthorIsTheAuthenticatedCallerAndCannotBeForged(KubernetesClient admin, ClusterUsers users)
            throws IOException {
        String ns = users.createNamespace("author");
        TestUser alice = users.tokenUser("alice-" + ns);
        users.grant(alice, ns, ClusterUsers.rule("compose.docker.com", "stacks", "get", "list", "create", "update"));
        GenericKubernetesResource stack = v1beta1("authored", "services:\n  web:\n    image: nginx\n");
        String forged = StackJson.write(new StackAuthor("system:admin", List.of("system:masters"), Map.of()));
        stack.getMetadata().setAnnotations(Map.of(StackAuthor.ANNOTATION, forged));
        try (KubernetesClient client = alice.client()) {
            stacks(client, "v1beta1").inNamespace(ns).resource(stack).create();
            StackAuthor recorded = author(admin, ns);
            assertThat(recorded.userName()).isEqualTo(alice.name());
            assertThat(recorded.groups()).contains("system:serviceaccounts", "system:authenticated");

            // An update that tries to set the annotation by hand is overwritten too.
            GenericKubernetesResource live = stacks(client, "v1alpha3").inNamespace(ns).withName("authored").get();
            live.getMetadata().getAnnotations().put(StackAuthor.ANNOTATION, forged);
            stacks(client, "v1alpha3").inNamespace(ns).resource(live).update();
            assertThat(author(admin, ns).userName()).isEqualTo(alice.name());
        }
    }

    private static StackAuthor author(KubernetesClient admin, String ns) throws IOException {
        String json = stacks(admin, "v1alpha3").inNamespace(ns).withName("authored").get().getMetadata()
                .getAnnotations().get(StackAuthor.ANNOTATION);
        return StackJson.read(json, StackAuthor.class);
    }

    static GenericKubernetesResource v1beta1(String name, String composeFile) {
        ObjectNode stack = StackJson.strict().createObjectNode().put("apiVersion", "compose.docker.com/v1beta1")
                .put("kind", "Stack");
        stack.putObject("metadata").put("name", name);
        stack.putObject("spec").put("composeFile", composeFile);
        return Serialization.unmarshal(stack.toString(), GenericKubernetesResource.class);
    }

    private static JsonNode spec(KubernetesClient client, String version, String ns, String name) throws IOException {
        return tree(Serialization.asJson(stacks(client, version).inNamespace(ns).withName(name).get())).path("spec");
    }

    private static JsonNode service(JsonNode spec, String name) {
        for (JsonNode s : spec.path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + spec);
    }

    private static JsonNode tree(String json) throws IOException {
        return StackJson.strict().readTree(json);
    }
}
