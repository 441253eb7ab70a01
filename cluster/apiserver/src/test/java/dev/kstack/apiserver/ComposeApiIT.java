package dev.kstack.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.StackJson;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.TestUser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Compose API server behind kube-apiserver's aggregation layer, on the real local control plane. */
@ExtendWith(LocalClusterExtension.class)
class ComposeApiIT {
    static final String HELLOKUBE = resource("hellokube.v1alpha3.json");
    static final String WORDSMITH = resource("wordsmith.docker-compose.yml");
    private static LocalComposeApi api;

    @BeforeAll
    static void start(KubernetesClient admin, LocalCluster cluster) {
        api = LocalComposeApi.start(admin, cluster.dir().resolve("compose-api"));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    static ResourceDefinitionContext stacks(String version) {
        return new ResourceDefinitionContext.Builder().withGroup("compose.docker.com").withVersion(version)
                .withPlural("stacks").withKind("Stack").withNamespaced(true).build();
    }

    static GenericKubernetesResource hellokube(String namespace, String name) {
        GenericKubernetesResource stack = Serialization.unmarshal(HELLOKUBE, GenericKubernetesResource.class);
        stack.getMetadata().setNamespace(namespace);
        stack.getMetadata().setName(name);
        stack.getMetadata().setResourceVersion(null);
        stack.getMetadata().setUid(null);
        stack.getMetadata().setSelfLink(null);
        stack.getMetadata().setCreationTimestamp(null);
        stack.getAdditionalProperties().remove("status");
        return stack;
    }

    @Test
    void kubectlApiVersionsListsTheThreeVersions(LocalCluster cluster) throws Exception {
        String out = kubectl(cluster, "api-versions");
        assertThat(out.lines()).contains("compose.docker.com/v1alpha3", "compose.docker.com/v1beta2",
                "compose.docker.com/v1beta1");
    }

    @Test
    void aV1alpha3StackReadsBackInEveryVersionAndInTheTable(KubernetesClient admin, ClusterUsers users,
            LocalCluster cluster) throws Exception {
        String ns = users.createNamespace("agg");
        GenericKubernetesResource created = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns)
                .resource(hellokube(ns, "hellokube")).create();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(created.getMetadata().getAnnotations()).containsKey("kstack.dev/author");

        GenericKubernetesResource beta2 = admin.genericKubernetesResources(stacks("v1beta2")).inNamespace(ns)
                .withName("hellokube").get();
        assertThat(beta2.getApiVersion()).isEqualTo("compose.docker.com/v1beta2");
        GenericKubernetesResource beta1 = admin.genericKubernetesResources(stacks("v1beta1")).inNamespace(ns)
                .withName("hellokube").get();
        assertThat((String) ((Map<?, ?>) beta1.getAdditionalProperties().get("spec")).get("composeFile"))
                .contains("dockersamples/k8s-wordsmith-web");
        assertThat(beta1.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());

        String table = kubectl(cluster, "get", "stacks", "-n", ns);
        assertThat(table.lines().findFirst().orElse("")).containsSubsequence("NAME", "SERVICES", "PORTS", "STATUS",
                "CREATED AT");
        assertThat(table).contains("hellokube").contains("web: 33000").contains("ReconciliationPending");
    }

    @Test
    void aV1beta1ComposeFileIsParsedAndAnInvalidOneIsRefusedWithCauses(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("beta1");
        GenericKubernetesResource stack = new GenericKubernetesResource();
        stack.setApiVersion("compose.docker.com/v1beta1");
        stack.setKind("Stack");
        stack.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("words")
                .withNamespace(ns).build());
        stack.setAdditionalProperty("spec", Map.of("composeFile", WORDSMITH));
        admin.genericKubernetesResources(stacks("v1beta1")).inNamespace(ns).resource(stack).create();
        GenericKubernetesResource structured = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns)
                .withName("words").get();
        assertThat(Serialization.asJson(structured.getAdditionalProperties().get("spec")))
                .contains("dockersamples/k8s-wordsmith-api");

        stack.getMetadata().setName("broken");
        stack.setAdditionalProperty("spec", Map.of("composeFile", "services:\n  web:\n    image: [\n"));
        assertThatThrownBy(() -> admin.genericKubernetesResources(stacks("v1beta1")).inNamespace(ns).resource(stack)
                .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getDetails().getCauses()).isNotEmpty();
                });
        assertThatThrownBy(() -> admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns)
                .resource(hellokube(ns, "words")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).withName("absent").get())
                .isNull();
    }

    @Test
    void patchUpdateConflictAndDelete(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("patch");
        var stacks = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns);
        GenericKubernetesResource created = stacks.resource(hellokube(ns, "p")).create();
        GenericKubernetesResource merged = stacks.withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}");
        assertThat(merged.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(merged.getMetadata().getGeneration()).isEqualTo(1L);
        GenericKubernetesResource jsonPatched = stacks.withName("p").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/services/2/deploy/replicas\",\"value\":2}]");
        assertThat(jsonPatched.getMetadata().getGeneration()).isEqualTo(2L);

        GenericKubernetesResource stale = created;
        stale.getMetadata().getLabels();
        assertThatThrownBy(() -> stacks.resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        assertThat(stacks.withLabel("tier", "front").list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactly("p");
        assertThat(stacks.withLabel("tier", "back").list().getItems()).isEmpty();
        assertThat(stacks.withField("metadata.name", "p").list().getItems()).hasSize(1);

        List<StatusDetails> deleted = stacks.withName("p").delete();
        assertThat(deleted).hasSize(1);
        assertThat(stacks.withName("p").get()).isNull();
    }

    @Test
    void aWatchResumesFromAResourceVersion(KubernetesClient admin, ClusterUsers users) throws Exception {
        String ns = users.createNamespace("watch");
        var stacks = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns);
        GenericKubernetesResource first = stacks.resource(hellokube(ns, "w1")).create();
        stacks.resource(hellokube(ns, "w2")).create();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (var watch = stacks.withResourceVersion(first.getMetadata().getResourceVersion())
                .watch(new Watcher<GenericKubernetesResource>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED w2");
            stacks.withName("w1").delete();
            assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("DELETED w1");
        }
    }

    @Test
    void subresourcesScaleComposefileAndOwner(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("sub");
        admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).resource(hellokube(ns, "s")).create();
        String base = "/apis/compose.docker.com/v1alpha3/namespaces/" + ns + "/stacks/s/";
        JsonNode scale = json(admin.raw(base + "scale"));
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("spec").path("words").asInt()).isEqualTo(5);
        String put = admin.raw(base + "scale", "PUT", Map.of("spec", Map.of("words", 2)));
        assertThat(json(put).path("spec").path("words").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> admin.raw(base + "scale", "PUT", Map.of("spec", Map.of("nope", 2))))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("unknown service");

        JsonNode composeFile = json(admin.raw(base + "composefile"));
        assertThat(composeFile.path("composeFile").asText()).contains("k8s-wordsmith-db");
        String text = composeFile.path("composeFile").asText().replace("k8s-wordsmith-db", "postgres");
        admin.raw(base + "composefile", "PUT", Map.of("composeFile", text));
        assertThat(Serialization.asJson(admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns)
                .withName("s").get().getAdditionalProperties().get("spec"))).contains("postgres");

        JsonNode owner = json(admin.raw(base + "owner"));
        assertThat(owner.path("owner").path("UserName").asText()).isNotEmpty();
    }

    @Test
    void aForbiddenUserGets403AndAnAllowedOneIsRecordedAsOwner(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("authz");
        TestUser nobody = users.certificateUser("nobody-" + ns);
        try (KubernetesClient client = nobody.client()) {
            var stacks = client.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns);
            assertThatThrownBy(() -> stacks.list()).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> stacks.resource(hellokube(ns, "x")).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        TestUser alice = users.certificateUser("alice-" + ns, "devs");
        users.grant(alice, ns, ClusterUsers.rule("compose.docker.com", "stacks", "get", "list", "create", "delete"),
                ClusterUsers.rule("compose.docker.com", "stacks/owner", "get"));
        try (KubernetesClient client = alice.client()) {
            Await.until(Duration.ofSeconds(30), "RBAC grant seen", () -> {
                try {
                    client.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).list();
                    return true;
                } catch (KubernetesClientException e) {
                    return false;
                }
            });
            client.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).resource(hellokube(ns, "mine"))
                    .create();
            JsonNode owner = json(client.raw("/apis/compose.docker.com/v1alpha3/namespaces/" + ns
                    + "/stacks/mine/owner"));
            assertThat(owner.path("owner").path("UserName").asText()).isEqualTo("alice-" + ns);
            assertThat(owner.path("owner").path("Groups").toString()).contains("devs");
            assertThatThrownBy(() -> client.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns)
                    .withName("mine").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    void deletingANamespaceDeletesItsStacks(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("nsdel");
        admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).resource(hellokube(ns, "gone")).create();
        admin.namespaces().withName(ns).delete();
        Await.until(Duration.ofSeconds(90), "namespace " + ns + " deleted",
                () -> admin.namespaces().withName(ns).get() == null);
        assertThat(api.store().get(ns, "gone")).isEmpty();
    }

    /**
     * {@code kubectl explain} and kubectl's client-side validation read the stack definitions kube-apiserver merged
     * from this server's {@code /openapi/v2} (kubectl 1.32 asks {@code /openapi/v3} first, which kube-apiserver 1.20
     * does not serve, then falls back to v2). The merge follows the APIServices' registration within seconds; the
     * timeout covers kube-apiserver's one-minute retry after a failed download.
     */
    @Test
    @SuppressWarnings("unchecked")
    void kubectlExplainAndClientSideValidationUseTheStackSchema(LocalCluster cluster, ClusterUsers users)
            throws Exception {
        Await.until(Duration.ofMinutes(4), "kubectl explain stacks to find the stack definitions",
                () -> run(cluster, "", "explain", "stacks").exit() == 0);
        assertThat(kubectl(cluster, "explain", "stacks")).containsPattern("KIND:\\s+Stack")
                .containsPattern("VERSION:\\s+compose.docker.com/v1alpha3")
                .contains("Stack is a compose application deployed as Kubernetes objects")
                .containsPattern("spec\\s+<Object>").containsPattern("status\\s+<Object>");
        assertThat(kubectl(cluster, "explain", "stacks.spec.services")).containsPattern("RESOURCE:\\s+services")
                .containsPattern("image\\s+<string>").containsPattern("pull_policy\\s+<string>")
                .containsPattern("ports\\s+<\\[\\]Object>").containsPattern("deploy\\s+<Object>");
        assertThat(kubectl(cluster, "explain", "stacks.spec.services.deploy.replicas")).contains("<integer>");
        assertThat(kubectl(cluster, "explain", "stacks.spec", "--api-version=compose.docker.com/v1beta1"))
                .containsPattern("composeFile\\s+<string>").doesNotContain("services");
        assertThat(kubectl(cluster, "explain", "stacks.spec.services", "--api-version=compose.docker.com/v1beta2"))
                .containsPattern("image\\s+<string>").doesNotContain("pull_policy");

        String ns = users.createNamespace("explain");
        GenericKubernetesResource stack = hellokube(ns, "checked");
        assertThat(run(cluster, Serialization.asJson(stack), "create", "--dry-run=server", "-f", "-").out())
                .contains("created (server dry run)");
        ((Map<String, Object>) stack.getAdditionalProperties().get("spec")).put("bogus", 1);
        Result refused = run(cluster, Serialization.asJson(stack), "create", "--dry-run=server", "-f", "-");
        assertThat(refused.exit()).isNotZero();
        // the definition's name in the message: kubectl refused it itself, before sending it
        assertThat(refused.out()).contains("unknown field \"bogus\" in com.docker.compose.v1alpha3.Stack.spec");
    }

    /** What a kubectl run printed (stdout and stderr) and how it exited. */
    record Result(int exit, String out) {
    }

    /** Runs kubectl with {@code stdin} as its input, without asserting how it ended. */
    static Result run(LocalCluster cluster, String stdin, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig",
                cluster.kubeconfig().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl " + args[0] + " did not finish: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String kubectl(LocalCluster cluster, String... args) {
        Result result = run(cluster, "", args);
        assertThat(result.exit()).as(result.out()).isZero();
        return result.out();
    }

    static JsonNode json(String text) {
        try {
            return StackJson.lenient().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = ComposeApiIT.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
