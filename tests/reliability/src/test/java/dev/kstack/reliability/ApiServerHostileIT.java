package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.Stack;
import dev.kstack.apiserver.LocalComposeApi;
import dev.kstack.testenv.ClusterPki;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The aggregated Compose API server under hostile input: broken compose files through kube-apiserver, malformed
 * requests sent straight to it (as the front proxy would, with its certificate), and forged {@code X-Remote-*}
 * headers without that certificate. Figures are printed ({@code FIGURE ...}) for docs/reliability.md.
 */
@ExtendWith(LocalClusterExtension.class)
class ApiServerHostileIT {
    private static LocalComposeApi api;

    @BeforeAll
    static void start(KubernetesClient admin, LocalCluster cluster) {
        Stacks.uninstallCrdMode(admin);
        api = LocalComposeApi.start(admin, cluster.dir().resolve("reliability-compose-api"));
    }

    @AfterAll
    static void stop(KubernetesClient admin) {
        if (api != null) {
            api.close();
        }
        admin.namespaces().withLabel("kstack.dev/test", "true").delete();
    }

    @Test
    void brokenComposeFilesThroughKubeApiserverGet4xxWithCauses(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("apibad");
        BrokenStacks.sendAll(admin, ns, true);
    }

    @Test
    void malformedRequestsStraightToTheApiServerGet4xxNever5xx(LocalCluster cluster, ClusterUsers users) {
        String ns = users.createNamespace("apiraw");
        RawHttps proxy = RawHttps.withCertificate(cluster.pki().crt("front-proxy-client"),
                cluster.pki().key("front-proxy-client"));
        String base = "https://127.0.0.1:" + api.port() + "/apis/" + Stack.GROUP + "/v1alpha3/namespaces/" + ns
                + "/stacks";
        Map<String, String> asAdmin = Map.of("X-Remote-User", "reliability-admin", "X-Remote-Group", "system:masters");
        String good = "{\"apiVersion\":\"compose.docker.com/v1alpha3\",\"kind\":\"Stack\",\"metadata\":{\"name\":"
                + "\"ok\"},\"spec\":{\"services\":[{\"name\":\"web\",\"image\":\"nginx\"}]}}";
        RawHttps.Answer created = proxy.send("POST", URI.create(base), json(asAdmin), bytes(good));
        assertThat(created.status()).as("a well-formed create works: " + created.body()).isEqualTo(201);

        record Req(String what, String method, String path, String type, byte[] body) {
        }
        List<Req> requests = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty", "");
        bodies.put("truncated JSON", "{\"apiVersion\":");
        bodies.put("null", "null");
        bodies.put("array", "[]");
        bodies.put("string", "\"x\"");
        bodies.put("wrong kind", good.replace("\"Stack\"", "\"Pod\""));
        bodies.put("wrong apiVersion", good.replace("compose.docker.com/v1alpha3", "apps/v1"));
        bodies.put("other version in body", good.replace("v1alpha3", "v1beta2"));
        bodies.put("metadata of wrong type", good.replace("{\"name\":\"ok\"}", "[1]"));
        bodies.put("invalid name", good.replace("\"ok\"", "\"Not_A_Name!\""));
        bodies.put("numeric name", good.replace("\"ok\"", "42"));
        bodies.put("other namespace", good.replace("{\"name\":\"ok\"}", "{\"name\":\"x\",\"namespace\":\"elsewhere\"}"));
        bodies.put("spec of wrong type", good.replace("{\"services\":[{\"name\":\"web\",\"image\":\"nginx\"}]}", "7"));
        bodies.put("unknown field", good.replace("\"image\"", "\"imagee\""));
        bodies.put("deep JSON", "[".repeat(100_000) + "]".repeat(100_000));
        bodies.put("binary", "\u0000\u0001\u00ff");
        bodies.put("invalid resourceVersion", good.replace("{\"name\":\"ok\"}", "{\"name\":\"ok\",\"resourceVersion\":\"abc\"}"));
        bodies.put("stale resourceVersion", good.replace("{\"name\":\"ok\"}", "{\"name\":\"ok\",\"resourceVersion\":\"1\"}"));
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            requests.add(new Req("create " + b.getKey(), "POST", "", "application/json", bytes(b.getValue())));
            requests.add(new Req("update " + b.getKey(), "PUT", "/ok", "application/json", bytes(b.getValue())));
        }
        requests.add(new Req("create 10 MB", "POST", "", "application/json",
                bytes("{\"x\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}")));
        requests.add(new Req("create as text/plain", "POST", "", "text/plain", bytes(good.replace("\"ok\"", "\"t\""))));
        requests.add(new Req("create as protobuf", "POST", "", "application/vnd.kubernetes.protobuf", bytes(good)));
        requests.add(new Req("create as YAML garbage", "POST", "", "application/yaml", bytes("a: [")));
        requests.add(new Req("server-side apply", "PATCH", "/ok", "application/apply-patch+yaml", bytes(good)));
        requests.add(new Req("unknown patch type", "PATCH", "/ok", "application/x-unknown", bytes("{}")));
        requests.add(new Req("bad JSON patch", "PATCH", "/ok", "application/json-patch+json", bytes("[{\"op\":\"explode\"}]")));
        requests.add(new Req("JSON patch on a missing path", "PATCH", "/ok", "application/json-patch+json",
                bytes("[{\"op\":\"replace\",\"path\":\"/spec/nothing/here\",\"value\":1}]")));
        requests.add(new Req("merge patch not JSON", "PATCH", "/ok", "application/merge-patch+json", bytes("{")));
        requests.add(new Req("merge patch of wrong type", "PATCH", "/ok", "application/merge-patch+json",
                bytes("{\"spec\":{\"services\":\"many\"}}")));
        for (String query : List.of("?resourceVersion=abc", "?resourceVersion=-1", "?watch=true&resourceVersion=xyz",
                "?limit=-5", "?limit=abc", "?continue=garbage", "?labelSelector=%3D%3D%3D", "?fieldSelector=spec.x%3D1",
                "?timeoutSeconds=abc")) {
            requests.add(new Req("list " + query, "GET", query, null, null));
        }
        requests.add(new Req("get a missing stack", "GET", "/absent", null, null));
        requests.add(new Req("unknown subresource", "GET", "/ok/explode", null, null));
        requests.add(new Req("scale with bad body", "PUT", "/ok/scale", "application/json", bytes("{\"spec\":\"x\"}")));
        requests.add(new Req("delete with bad preconditions", "DELETE", "/ok", "application/json",
                bytes("{\"preconditions\":{\"resourceVersion\":\"abc\"}}")));
        requests.add(new Req("delete with bad body", "DELETE", "/ok", "application/json", bytes("{")));
        requests.add(new Req("unknown method", "OPTIONS", "", null, null));

        SoftAssertions soft = new SoftAssertions();
        Map<Integer, Integer> codes = new TreeMap<>();
        for (Req r : requests) {
            Map<String, String> headers = new LinkedHashMap<>(asAdmin);
            if (r.type() != null) {
                headers.put("Content-Type", r.type());
            }
            RawHttps.Answer a = proxy.send(r.method(), URI.create(base + r.path()), headers, r.body());
            codes.merge(a.status(), 1, Integer::sum);
            String body = a.body().length() > 300 ? a.body().substring(0, 300) : a.body();
            if (r.body() != null && r.body().length > 8 * 1024 * 1024) {
                // Refused by size before the body is read; the connection is closed, so the client may see only
                // the reset instead of the 413.
                soft.assertThat(a.status()).as(r.what() + ": " + body).isIn(-1, 413);
                continue;
            }
            soft.assertThat(a.status()).as(r.what() + ": " + body).isBetween(200, 499);
            if (r.what().endsWith("numeric name")) {
                soft.assertThat(a.status()).as(r.what() + ": " + body).isEqualTo(422);
                soft.assertThat(a.body()).as(r.what()).contains("metadata.name");
            }
            if (r.what().startsWith("create as ")) {
                soft.assertThat(a.status()).as(r.what() + ": " + body).isEqualTo(415);
            }
            if (!r.what().startsWith("list") && !r.what().startsWith("get")) {
                soft.assertThat(a.status()).as(r.what() + " is refused: " + body).isBetween(400, 499);
            }
            if (a.status() >= 400) {
                soft.assertThat(a.body()).as(r.what() + " answers a Status").contains("\"kind\":\"Status\"");
            }
        }
        soft.assertAll();
        System.out.printf("FIGURE API server: %d malformed requests, answers %s (status -> count)%n", requests.size(),
                codes);
    }

    @Test
    void usersBoundToTheBuiltInViewAndEditRolesMayReadAndWriteStacksThroughTheAggregatedApi(KubernetesClient admin,
            ClusterUsers users) {
        // The API server mode's manifests carry the same aggregated roles as CRD mode's, and run-local applied them.
        assertThat(api.registered()).filteredOn(o -> o.getKind().equals("ClusterRole"))
                .extracting(o -> o.getMetadata().getName()).contains("kstack-stacks-view", "kstack-stacks-edit");
        for (String role : List.of("kstack-stacks-view", "kstack-stacks-edit")) {
            assertThat(admin.rbac().clusterRoles().withName(role).get()).as(role).isNotNull();
        }
        AggregatedRoles.check(admin, users, users.createNamespace("apirbac"));
    }

    @Test
    void forgedRemoteHeadersWithoutTheFrontProxyCertificateAreIgnored(LocalCluster cluster, ClusterUsers users) {
        String ns = users.createNamespace("apiforged");
        String base = "https://127.0.0.1:" + api.port() + "/apis/" + Stack.GROUP + "/v1alpha3/namespaces/" + ns
                + "/stacks";
        Map<String, String> forged = Map.of("X-Remote-User", "reliability-admin", "X-Remote-Group", "system:masters",
                "Content-Type", "application/json");
        String body = "{\"apiVersion\":\"compose.docker.com/v1alpha3\",\"kind\":\"Stack\",\"metadata\":{\"name\":"
                + "\"forged\"},\"spec\":{\"services\":[{\"name\":\"web\",\"image\":\"nginx\"}]}}";
        // No client certificate at all.
        RawHttps.Answer anonymous = RawHttps.anonymous().send("POST", URI.create(base), forged, bytes(body));
        // A certificate of the cluster's client CA (a real user, but not the front proxy).
        var user = users.certificateUser("eve-" + ns);
        java.nio.file.Path dir = user.kubeconfig().getParent();
        RawHttps.Answer asEve = null;
        String file = user.kubeconfig().getFileName().toString().replace(".kubeconfig", "");
        java.nio.file.Path crt = dir.resolve(file + ".crt");
        java.nio.file.Path key = dir.resolve(file + ".key");
        if (java.nio.file.Files.exists(crt) && java.nio.file.Files.exists(key)) {
            asEve = RawHttps.withCertificate(crt, key).send("POST", URI.create(base), forged, bytes(body));
        }
        // A certificate signed by a CA nobody trusts, named like the front proxy.
        dev.kstack.testenv.Pki.Issued rogueCa = dev.kstack.testenv.Pki.newCa("rogue", java.time.Duration.ofHours(1));
        dev.kstack.testenv.Pki.Issued rogue = dev.kstack.testenv.Pki.newClientCert(rogueCa,
                ClusterPki.FRONT_PROXY_CLIENT, List.of(), java.time.Duration.ofHours(1));
        java.nio.file.Path rogueDir = cluster.dir().resolve("rogue-" + ns);
        try {
            java.nio.file.Files.createDirectories(rogueDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        rogue.write(rogueDir, "rogue");
        RawHttps.Answer asRogue = RawHttps.withCertificate(rogueDir.resolve("rogue.crt"), rogueDir.resolve("rogue.key"))
                .send("POST", URI.create(base), forged, bytes(body));

        assertThat(anonymous.status()).as(anonymous.body()).isIn(401, 403);
        assertThat(asRogue.status()).as(asRogue.body()).isIn(-1, 401, 403);
        if (asEve != null) {
            assertThat(asEve.status()).as(asEve.body()).isEqualTo(403);
            assertThat(asEve.body()).contains("eve-" + ns).doesNotContain("reliability-admin");
        }
        System.out.printf("FIGURE forged X-Remote-* headers: without certificate %d, with a client-CA user's"
                + " certificate %s, with a rogue front-proxy certificate %d; nothing created%n", anonymous.status(),
                asEve == null ? "not tried" : String.valueOf(asEve.status()), asRogue.status());
    }

    private static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        return h;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
