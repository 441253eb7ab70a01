package dev.kstack.apiserver;

import static dev.kstack.apiserver.ComposeApiIT.hellokube;
import static dev.kstack.apiserver.ComposeApiIT.json;
import static dev.kstack.apiserver.ComposeApiIT.resource;
import static dev.kstack.apiserver.ComposeApiIT.stacks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.controller.ControllerOptions;
import dev.kstack.controller.ControllerRuntime;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.DockerCli;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.TestUser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller, unchanged, on stacks stored by the Compose API server (through kube-apiserver's aggregation
 * layer), and what needs running pods or a restart: the real Docker CLI, the {@code log} subresource, restarts of
 * etcd and of the server (with a compaction, so the controller's informer must relist), 403 from every verb,
 * watch bookmarks.
 */
@ExtendWith(LocalClusterExtension.class)
class ControllerOnApiServerIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static LocalComposeApi api;
    private static ControllerRuntime controller;

    @BeforeAll
    static void start(KubernetesClient admin, LocalCluster cluster) {
        api = LocalComposeApi.start(admin, cluster.dir().resolve("compose-api-controller"));
        controller = ControllerRuntime.start(admin, new ControllerRuntime.Settings("apiserver-it", "default",
                "kstack-apiserver-it-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                ControllerOptions.defaults()));
        Await.until(TIMEOUT, "the controller leads with synced caches", controller::leading);
    }

    @AfterAll
    static void stop() {
        try {
            if (controller != null) {
                controller.close();
            }
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }

    private static String phase(KubernetesClient admin, String ns, String name) {
        GenericKubernetesResource s = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns)
                .withName(name).get();
        if (s == null || !(s.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return "";
        }
        return String.valueOf(status.get("phase"));
    }

    /** Creates the captured hellokube stack (v1alpha3) as {@code ns/name}. */
    private static GenericKubernetesResource create(KubernetesClient admin, String ns, String name) {
        return admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).resource(hellokube(ns, name))
                .create();
    }

    private static void awaitAvailable(KubernetesClient admin, String ns, String name) {
        Await.until(TIMEOUT, "stack " + ns + "/" + name + " Available", () -> "Available".equals(phase(admin, ns, name)));
    }

    /** The controller's per-pod failures ({@code status.services.<name>.failures}) are stored and served in each version. */
    @Test
    @SuppressWarnings("unchecked")
    void aFailingStackStoredHereKeepsEveryFailingPodInEachVersion(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("ctlfail");
        GenericKubernetesResource stack = hellokube(ns, "crashing");
        var services = (List<Map<String, Object>>) ((Map<String, Object>) stack.getAdditionalProperties().get("spec"))
                .get("services");
        services.stream().filter(s -> "words".equals(s.get("name")))
                .forEach(s -> s.put("labels", Map.of("kstack.dev/simulate", "crashloop")));
        admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).resource(stack).create();

        Await.until(TIMEOUT, "all 5 words pods failing", () -> failingPods(admin, ns, "v1alpha3").size() == 5);
        for (String version : List.of("v1alpha3", "v1beta2", "v1beta1")) {
            assertThat(failingPods(admin, ns, version)).as(version).hasSize(5).allMatch(p -> p.startsWith("words-"));
        }
        Map<String, Object> status = (Map<String, Object>) admin.genericKubernetesResources(stacks("v1beta2"))
                .inNamespace(ns).withName("crashing").get().getAdditionalProperties().get("status");
        assertThat(status).containsEntry("phase", "Failure").containsEntry("message", "words: 5/5 pods CrashLoopBackOff");
    }

    @SuppressWarnings("unchecked")
    private static List<String> failingPods(KubernetesClient admin, String ns, String version) {
        GenericKubernetesResource s = admin.genericKubernetesResources(stacks(version)).inNamespace(ns)
                .withName("crashing").get();
        Object status = s == null ? null : s.getAdditionalProperties().get("status");
        Object services = status instanceof Map<?, ?> m ? m.get("services") : null;
        Object words = services instanceof Map<?, ?> m ? m.get("words") : null;
        Object failures = words instanceof Map<?, ?> m ? m.get("failures") : null;
        if (!(failures instanceof List<?> groups)) {
            return List.of();
        }
        return groups.stream().flatMap(g -> ((List<String>) ((Map<String, Object>) g).get("pods")).stream()).toList();
    }

    @Test
    void theControllerReconcilesAStackStoredHereToAvailable(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("ctl");
        create(admin, ns, "hellokube");

        awaitAvailable(admin, ns, "hellokube");
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
                .extracting(d -> d.getMetadata().getName()).contains("db", "words", "web");
        assertThat(admin.apps().deployments().inNamespace(ns).withName("web").get().getMetadata()
                .getOwnerReferences()).anySatisfy(o -> {
                    assertThat(o.getKind()).isEqualTo("Stack");
                    assertThat(o.getApiVersion()).startsWith("compose.docker.com/");
                });
    }

    @Test
    void theLogSubresourceMergesPodLogsWithTailFilterAndFollow(KubernetesClient admin, ClusterUsers users)
            throws Exception {
        String ns = users.createNamespace("log");
        create(admin, ns, "hellokube");
        awaitAvailable(admin, ns, "hellokube");
        List<Pod> pods = admin.pods().inNamespace(ns).withLabel("com.docker.stack.namespace", "hellokube").list()
                .getItems();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            admin.pods().inNamespace(ns).withName(name).edit(p -> {
                p.getMetadata().getAnnotations().put("kstack.dev/simulate-log", "first of " + name + "\nsecond of "
                        + name);
                return p;
            });
        }
        String base = "/apis/compose.docker.com/v1beta2/namespaces/" + ns + "/stacks/hellokube/log";
        Pod db = pods.stream().filter(p -> p.getMetadata().getName().startsWith("db-")).findFirst().orElseThrow();
        String dbName = db.getMetadata().getName();

        String all = admin.raw(base);
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            assertThat(all).contains(name + " first of " + name, name + " second of " + name);
        }
        String tailed = admin.raw(base + "?tail=1&filter=" + "%5Edb-");
        assertThat(tailed.lines().toList()).containsExactly(dbName + " second of " + dbName);

        HttpClient http = admin.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .url(new URL(admin.getMasterUrl(), base + "?follow=true&filter=%5Edb-")).build();
        HttpResponse<InputStream> followed = http.sendAsync(request, InputStream.class).get(60, TimeUnit.SECONDS);
        assertThat(followed.code()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(followed.body(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            while (lines.stream().noneMatch(l -> l.contains("second of " + dbName))) {
                String line = in.readLine();
                assertThat(line).as("the followed log ended early after %s", lines).isNotNull();
                lines.add(line);
            }
            assertThat(lines).allSatisfy(l -> assertThat(l).startsWith(dbName + " "));
        }
    }

    @Test
    void restartingEtcdAndTheServerLosesNoStackAndTheControllerRelistsAfterACompaction(KubernetesClient admin,
            ClusterUsers users) {
        String ns = users.createNamespace("restart");
        String other = users.createNamespace("whiledown");
        var stacks = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns);
        stacks.resource(hellokube(ns, "before")).create();
        awaitAvailable(admin, ns, "before");

        api.etcd().restart();
        // while the server is down, a stack appears in etcd and the history is compacted: the controller's watch
        // resumes from a revision etcd no longer has, gets 410 Expired, and only a relist shows it the new stack
        api.restartServer(() -> {
            try (EtcdStore store = new EtcdStore(List.of(api.etcd().endpoint()), ComposeApiServer.DEFAULT_PREFIX)) {
                writeAndCompact(store, ns, other);
            }
        });
        api.awaitAvailable();

        assertThat(stacks.list().getItems()).extracting(s -> s.getMetadata().getName()).containsExactly("before");
        assertThat(phase(admin, ns, "before")).isEqualTo("Available");
        awaitAvailable(admin, other, "whiledown");
        Await.until(TIMEOUT, "the Deployments of the stack written while the server was down", () ->
                admin.apps().deployments().inNamespace(other).list().getItems().stream()
                        .anyMatch(d -> d.getMetadata().getOwnerReferences().stream()
                                .anyMatch(o -> o.getName().equals("whiledown"))));
    }

    @Test
    void restartingEtcdAndTheServerDuringARolloutLosesNoStackAndTheControllerConvergesExactly(KubernetesClient admin,
            ClusterUsers users) {
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String ns = users.createNamespace("rollout");
            namespaces.add(ns);
            create(admin, ns, "app");
        }
        // the controller is creating the ten stacks' children when their storage goes away twice
        api.etcd().restart();
        api.restartServer();
        api.awaitAvailable();

        for (String ns : namespaces) {
            awaitAvailable(admin, ns, "app");
            String uid = admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).withName("app").get()
                    .getMetadata().getUid();
            assertThat(admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).list().getItems())
                    .extracting(s -> s.getMetadata().getName()).containsExactly("app");
            assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).as("Deployments of " + ns)
                    .allSatisfy(d -> assertThat(d.getMetadata().getOwnerReferences()).singleElement()
                            .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid)))
                    .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("db", "words", "web");
        }
    }

    private static void writeAndCompact(EtcdStore store, String ns, String other) {
        EtcdStore.Entry before = store.get(ns, "before").orElseThrow();
        ObjectNode copy = (ObjectNode) json(before.json());
        ObjectNode metadata = copy.with("metadata");
        metadata.put("name", "whiledown").put("namespace", other).put("uid", UUID.randomUUID().toString())
                .put("generation", 1);
        copy.with("status").put("phase", "ReconciliationPending").put("message", "");
        store.create(other, "whiledown", copy.toString());
        store.compact(store.currentRevision());
    }

    @Test
    void aUserWithoutRightsGets403FromEveryVerbAndSubresource(KubernetesClient admin, ClusterUsers users)
            throws Exception {
        String ns = users.createNamespace("forbid");
        create(admin, ns, "hellokube");
        TestUser nobody = users.certificateUser("nobody-" + ns);
        String collection = "/apis/compose.docker.com/v1beta2/namespaces/" + ns + "/stacks";
        String one = collection + "/hellokube";
        String body = "{\"apiVersion\":\"compose.docker.com/v1beta2\",\"kind\":\"Stack\",\"metadata\":{\"name\":\"x\"}}";
        String merge = "application/merge-patch+json";
        List<String[]> requests = List.of(
                new String[] {"GET", one, null, null},
                new String[] {"GET", collection, null, null},
                new String[] {"GET", "/apis/compose.docker.com/v1beta2/stacks", null, null},
                new String[] {"GET", collection + "?watch=true", null, null},
                new String[] {"POST", collection, "application/json", body},
                new String[] {"PUT", one, "application/json", body},
                new String[] {"PATCH", one, merge, "{}"},
                new String[] {"DELETE", one, null, null},
                new String[] {"DELETE", collection, null, null},
                new String[] {"GET", one + "/status", null, null},
                new String[] {"PUT", one + "/status", "application/json", body},
                new String[] {"GET", one + "/composefile", null, null},
                new String[] {"PUT", one + "/composefile", "application/json", "{}"},
                new String[] {"GET", one + "/scale", null, null},
                new String[] {"PUT", one + "/scale", "application/json", "{}"},
                new String[] {"GET", one + "/owner", null, null},
                new String[] {"GET", one + "/log", null, null});
        try (KubernetesClient client = nobody.client()) {
            HttpClient http = client.getHttpClient();
            for (String[] r : requests) {
                HttpRequest.Builder b = http.newHttpRequestBuilder().url(new URL(client.getMasterUrl(), r[1]));
                if (r[2] != null) {
                    b.method(r[0], r[2], r[3]);
                } else if (r[0].equals("DELETE")) {
                    b.delete(null, null);
                }
                HttpResponse<String> response = http.sendAsync(b.build(), String.class).get(30, TimeUnit.SECONDS);
                assertThat(response.code()).as("%s %s: %s", r[0], r[1], response.body()).isEqualTo(403);
                assertThat(json(response.body()).path("reason").asText()).isEqualTo("Forbidden");
            }
        }
        assertThat(admin.genericKubernetesResources(stacks("v1alpha3")).inNamespace(ns).withName("hellokube").get())
                .as("the stack is untouched").isNotNull();
    }

    @Test
    void aWatchAskingForBookmarksGetsThem(KubernetesClient admin, ClusterUsers users) throws Exception {
        String ns = users.createNamespace("bookmark");
        GenericKubernetesResource created = create(admin, ns, "hellokube");
        HttpClient http = admin.getHttpClient();
        String path = "/apis/compose.docker.com/v1alpha3/namespaces/" + ns + "/stacks?watch=true&timeoutSeconds=60"
                + "&allowWatchBookmarks=true&resourceVersion=" + created.getMetadata().getResourceVersion();
        HttpResponse<InputStream> response = http.sendAsync(http.newHttpRequestBuilder()
                .url(new URL(admin.getMasterUrl(), path)).build(), InputStream.class).get(60, TimeUnit.SECONDS);
        assertThat(response.code()).isEqualTo(200);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<JsonNode> events = new ArrayList<>();
            while (events.stream().noneMatch(e -> e.path("type").asText().equals("BOOKMARK"))) {
                String line = in.readLine();
                assertThat(line).as("the watch ended before a bookmark; events: %s", events).isNotNull();
                events.add(json(line));
            }
            JsonNode bookmark = events.get(events.size() - 1);
            assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("Stack");
            assertThat(Long.parseLong(bookmark.path("object").path("metadata").path("resourceVersion").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(created.getMetadata().getResourceVersion()));
        }
    }

    @Test
    void theDockerCliDeploysWordsmithAndReportsItStable(LocalCluster cluster, ClusterUsers users, @TempDir Path dir)
            throws Exception {
        String ns = users.createNamespace("docker");
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, resource("wordsmith.docker-compose.yml"));
        try (DockerCli docker = DockerCli.start(cluster, dir.resolve("docker"))) {
            DockerCli.Result r = docker.run(docker.kubeconfig(ns), TIMEOUT, "stack", "deploy",
                    "--orchestrator=kubernetes", "--namespace", ns, "-c", compose.toString(), "hellokube");
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Stack hellokube is stable and running");
        }
    }
}
