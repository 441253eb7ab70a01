package dev.kstack.reliability;

import static dev.kstack.testenv.ClusterUsers.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.controller.ControllerOptions;
import dev.kstack.controller.ControllerRuntime;
import dev.kstack.server.LocalStackApi;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.TestUser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * CRD mode under hostile input and hostile users: broken compose files as v1beta1 Stacks through kube-apiserver,
 * malformed requests straight to the webhook server, forged authors, and a user who may create stacks but not
 * Deployments. Figures are printed ({@code FIGURE ...}) for docs/reliability.md.
 */
@ExtendWith(LocalClusterExtension.class)
class CrdModeHostileIT {
    static final ResourceDefinitionContext V1BETA1 = new ResourceDefinitionContext.Builder()
            .withGroup(Stack.GROUP).withVersion("v1beta1").withPlural("stacks").withKind("Stack").withNamespaced(true)
            .build();
    private static final String[] WRITE = {"get", "list", "watch", "create", "update", "patch", "delete"};
    private static LocalStackApi api;
    private static ControllerRuntime controller;

    @BeforeAll
    static void start(KubernetesClient admin) {
        api = Stacks.installCrdMode(admin);
        controller = ControllerRuntime.start(admin, new ControllerRuntime.Settings("hostile-it", "default",
                "kstack-hostile-it", "127.0.0.1", 0, ControllerOptions.defaults().withResync(Duration.ofMinutes(10))));
        Await.until(Duration.ofMinutes(2), "controller leading", controller::leading);
    }

    @AfterAll
    static void stop(KubernetesClient admin) {
        if (controller != null) {
            controller.close();
        }
        admin.namespaces().withLabel("kstack.dev/test", "true").delete();
    }

    static GenericKubernetesResource v1beta1(String ns, String name, String composeFile) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(Stack.GROUP + "/v1beta1");
        r.setKind(Stack.KIND);
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        r.setAdditionalProperty("spec", Map.of("composeFile", composeFile));
        return r;
    }

    @Test
    void brokenComposeFilesAsV1beta1StacksGet4xxWithCauses(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("badv1beta1");
        BrokenStacks.sendAll(admin, ns, true);
    }

    @Test
    void malformedRequestsToTheWebhookServerGet4xxNever5xx() {
        RawHttps http = RawHttps.anonymous();
        String base = "https://127.0.0.1:" + api.port();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty", new byte[0]);
        bodies.put("truncated JSON", "{\"apiVersion\":".getBytes(StandardCharsets.UTF_8));
        bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("array", "[1,2]".getBytes(StandardCharsets.UTF_8));
        bodies.put("number", "42".getBytes(StandardCharsets.UTF_8));
        bodies.put("binary", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe});
        bodies.put("deep JSON", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("10 MB", ("\"" + "x".repeat(10 * 1024 * 1024) + "\"").getBytes(StandardCharsets.UTF_8));
        bodies.put("review without request", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("request without object", ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                + "\"request\":{\"uid\":\"1\",\"operation\":\"CREATE\"}}").getBytes(StandardCharsets.UTF_8));
        bodies.put("wrong kind of object", review("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{}}"));
        bodies.put("foreign apiVersion", review("{\"apiVersion\":\"compose.docker.com/v9\",\"kind\":\"Stack\"}"));
        bodies.put("spec of wrong type", review("{\"apiVersion\":\"compose.docker.com/v1alpha3\",\"kind\":\"Stack\","
                + "\"spec\":[1]}"));
        bodies.put("services of wrong type", review("{\"apiVersion\":\"compose.docker.com/v1alpha3\","
                + "\"kind\":\"Stack\",\"spec\":{\"services\":{\"a\":1}}}"));
        bodies.put("v1beta1 alias bomb", review("{\"apiVersion\":\"compose.docker.com/v1beta1\",\"kind\":\"Stack\","
                + "\"spec\":{\"composeFile\":" + jsonString(BrokenCompose.small().get(3).text()) + "}}"));
        bodies.put("conversion review without objects", ("{\"apiVersion\":\"apiextensions.k8s.io/v1\","
                + "\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"1\",\"desiredAPIVersion\":\"x/y\"}}")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("delete without object", ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                + "\"request\":{\"uid\":\"1\",\"operation\":\"DELETE\",\"namespace\":\"x\",\"name\":\"a\","
                + "\"userInfo\":{\"username\":\"u\"}}}").getBytes(StandardCharsets.UTF_8));
        bodies.put("review without uid", new String(review("{\"apiVersion\":\"compose.docker.com/v1alpha3\","
                + "\"kind\":\"Stack\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"services\":[{\"name\":\"w\","
                + "\"image\":\"nginx\"}]}}"), StandardCharsets.UTF_8).replace("\"uid\":\"1\",", "")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("review of another apiVersion", new String(review("{}"), StandardCharsets.UTF_8)
                .replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1").getBytes(StandardCharsets.UTF_8));
        bodies.put("conversion to an unknown version", ("{\"apiVersion\":\"apiextensions.k8s.io/v1\","
                + "\"kind\":\"ConversionReview\",\"request\":{\"uid\":\"1\",\"desiredAPIVersion\":"
                + "\"compose.docker.com/v7\",\"objects\":[{\"apiVersion\":\"compose.docker.com/v1alpha3\","
                + "\"kind\":\"Stack\",\"metadata\":{\"name\":\"a\"},\"spec\":{}}]}}").getBytes(StandardCharsets.UTF_8));
        // What each endpoint may answer 200 to: reviews it can read. Everything else must be a 4xx, or a 200 review
        // that refuses (allowed: false / result Failure).
        Map<String, List<String>> readable = Map.of(
                "/validate", List.of("delete without object", "wrong kind of object", "foreign apiVersion",
                        "spec of wrong type", "services of wrong type", "v1beta1 alias bomb"),
                "/mutate", List.of("delete without object", "wrong kind of object", "foreign apiVersion",
                        "spec of wrong type", "services of wrong type", "v1beta1 alias bomb"),
                "/convert", List.of("conversion to an unknown version"));
        // Allowed: a delete (it carries no object to check), and on /mutate Stacks whose spec is wrong (the author is
        // stamped; /validate refuses them).
        java.util.Set<String> mayBeAllowed = java.util.Set.of("/validate delete without object",
                "/mutate delete without object", "/mutate spec of wrong type", "/mutate services of wrong type",
                "/mutate v1beta1 alias bomb");
        SoftAssertions soft = new SoftAssertions();
        Map<Integer, Integer> codes = new TreeMap<>();
        int tried = 0;
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        for (String path : List.of("/validate", "/mutate", "/convert")) {
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                for (String type : List.of("application/json", "text/plain")) {
                    RawHttps.Answer a = http.send("POST", URI.create(base + path), Map.of("Content-Type", type),
                            body.getValue());
                    tried++;
                    codes.merge(a.status(), 1, Integer::sum);
                    if (body.getValue().length > 8 * 1024 * 1024) {
                        // Above its 8 MiB limit the server answers 413 without reading the rest, and closes the
                        // connection: the client may see the 413 or only the reset.
                        soft.assertThat(a.status()).as(path + " " + body.getKey()).isIn(-1, 413);
                        continue;
                    }
                    soft.assertThat(a.status()).as(path + " " + body.getKey() + " (" + type + "): " + a.body())
                            .isBetween(200, 499);
                    String what = path + " " + body.getKey() + " (" + type + "): " + a.body();
                    if (!readable.get(path).contains(body.getKey())) {
                        soft.assertThat(a.status()).as(what).isBetween(400, 499);
                    }
                    if (a.status() == 200 && a.body().contains("\"allowed\":true")) {
                        allowed.add(path + " " + body.getKey());
                        soft.assertThat(mayBeAllowed).as(what).contains(path + " " + body.getKey());
                    }
                    if (path.equals("/mutate") && (body.getKey().equals("wrong kind of object")
                            || body.getKey().equals("foreign apiVersion"))) {
                        // Not a Stack kstack serves: refused, and no author stamped on it.
                        soft.assertThat(a.body()).as(what).contains("\"allowed\":false").contains("\"code\":400")
                                .contains("Stacks only").doesNotContain("\"patch\"");
                    }
                }
            }
            for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
                RawHttps.Answer a = http.send(method, URI.create(base + path), Map.of(), null);
                tried++;
                codes.merge(a.status(), 1, Integer::sum);
                soft.assertThat(a.status()).as(method + " " + path).isBetween(400, 499);
            }
        }
        soft.assertAll();
        System.out.printf("FIGURE webhook server: %d malformed requests, answers %s (status -> count);"
                + " answered allowed: %s%n", tried, codes, allowed);
    }

    private static byte[] review(String object) {
        return ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\","
                + "\"operation\":\"CREATE\",\"namespace\":\"x\",\"name\":\"a\",\"userInfo\":{\"username\":\"u\"},"
                + "\"object\":" + object + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String jsonString(String s) {
        return io.fabric8.kubernetes.client.utils.Serialization.asJson(s);
    }

    @Test
    void aForgedAuthorIsReplacedAndTheControllerActsAsTheRealCaller(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("forged");
        TestUser mallory = users.certificateUser("mallory-" + ns, "developers");
        users.grant(mallory, ns, rule(Stack.GROUP, "stacks", WRITE), rule("", "services", WRITE));
        String forged = "{\"UserName\":\"admin\",\"Groups\":[\"system:masters\"],\"Extra\":{}}";
        try (KubernetesClient client = mallory.client()) {
            GenericKubernetesResource r = v1beta1(ns, "app", "services:\n  web:\n    image: nginx\n    ports: [\"80\"]\n");
            r.getMetadata().setAnnotations(Map.of("kstack.dev/author", forged));
            client.genericKubernetesResources(V1BETA1).inNamespace(ns).resource(r).create();
        }
        Stack stack = Stacks.get(admin, ns, "app");
        String author = stack.metadata().annotations().get("kstack.dev/author");
        assertThat(author).contains("mallory-" + ns).doesNotContain("system:masters");

        // An update that tries to set the author again is refused or overwritten, never kept.
        try (KubernetesClient client = mallory.client()) {
            var stacks = client.genericKubernetesResources(V1BETA1).inNamespace(ns);
            GenericKubernetesResource live = stacks.withName("app").get();
            live.getMetadata().getAnnotations().put("kstack.dev/author", forged);
            try {
                stacks.resource(live).update();
            } catch (KubernetesClientException e) {
                assertThat(e.getCode()).isBetween(400, 499);
            }
        }
        assertThat(Stacks.get(admin, ns, "app").metadata().annotations().get("kstack.dev/author"))
                .contains("mallory-" + ns).doesNotContain("system:masters");

        // The controller writes as mallory, who may not create Deployments: Failure, and no Deployment exists.
        Await.until(Duration.ofMinutes(2), "stack Failure", () -> {
            Stack s = Stacks.get(admin, ns, "app");
            return s.status() != null && StackStatus.FAILURE.equals(s.status().phase());
        });
        String message = Stacks.get(admin, ns, "app").status().message();
        assertThat(message).startsWith("denied: ").contains("mallory-" + ns).contains("deployments");
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        System.out.printf("FIGURE forged author: stored author %s; status %s%n", author, message);
    }

    @Test
    void aUserWhoMayCreateStacksButNotDeploymentsGetsAFailureAndNothingIsCreated(KubernetesClient admin,
            ClusterUsers users) {
        String ns = users.createNamespace("nodeploy");
        TestUser dave = users.tokenUser("dave-" + ns);
        users.grant(dave, ns, rule(Stack.GROUP, "stacks", WRITE));
        try (KubernetesClient client = dave.client()) {
            assertThatThrownBy(() -> client.apps().deployments().inNamespace(ns).resource(
                    new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("d")
                            .endMetadata().build()).create())
                    .as("dave cannot create a Deployment directly").isInstanceOf(KubernetesClientException.class);
            Stacks.apply(client, ns, "app", Stacks.twoServices(1, "registry.local/app:1", 1));
        }
        Await.until(Duration.ofMinutes(2), "stack Failure", () -> {
            Stack s = Stacks.get(admin, ns, "app");
            return s.status() != null && StackStatus.FAILURE.equals(s.status().phase());
        });
        assertThat(Stacks.get(admin, ns, "app").status().message()).startsWith("denied: ");
        assertThat(Stacks.live(admin, ns)).as("nothing is created with the controller's rights").isEmpty();
        assertThat(admin.pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void usersBoundToTheBuiltInViewAndEditRolesMayReadAndWriteStacksAccordingly(KubernetesClient admin,
            ClusterUsers users) {
        AggregatedRoles.check(admin, users, users.createNamespace("rbac"));
    }

    @Test
    void secretContentsAppearInNoStackEventLogOrErrorMessage(KubernetesClient admin, ClusterUsers users,
            LocalCluster cluster, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String ns = users.createNamespace("secret");
        String marker = "kstack-marker-" + java.util.UUID.randomUUID();
        String base64 = java.util.Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
        java.nio.file.Files.writeString(dir.resolve("token.txt"), marker);
        java.nio.file.Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  web:
                    image: nginx
                    secrets: [token]
                    environment:
                      TOKEN_FILE: /run/secrets/token
                secrets:
                  token:
                    file: ./token.txt
                """);
        // A broken file whose secret carries the marker inline: the error must not quote it.
        java.nio.file.Files.writeString(dir.resolve("broken.yaml"), """
                services:
                  web:
                    image: nginx
                    secrets: [token]
                secrets:
                  token:
                    file: ./token.txt
                    content: "%s"
                """.formatted(marker));
        java.io.PrintStream originalOut = System.out;
        java.io.PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream tee = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        int deployExit;
        int brokenExit;
        try {
            System.setOut(tee);
            System.setErr(tee);
            String kubeconfig = cluster.kubeconfig().toString();
            deployExit = dev.kstack.cli.Main.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c",
                    dir.resolve("compose.yaml").toString(), "--timeout", "3m", "app");
            brokenExit = dev.kstack.cli.Main.run("deploy", "--kubeconfig", kubeconfig, "-n", ns, "-c",
                    dir.resolve("broken.yaml").toString(), "broken");
            dev.kstack.cli.Main.run("config", "-f", dir.resolve("broken.yaml").toString());
            dev.kstack.cli.Main.run("ps", "--kubeconfig", kubeconfig, "-n", ns, "app");
            dev.kstack.cli.Main.run("services", "--kubeconfig", kubeconfig, "-n", ns, "app");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        originalOut.println(output);
        assertThat(deployExit).as(output).isZero();
        assertThat(brokenExit).as(output).isEqualTo(2);
        // The secret exists and holds the marker (else the test proves nothing).
        assertThat(admin.secrets().inNamespace(ns).list().getItems()).anySatisfy(s ->
                assertThat(String.valueOf(s.getData()) + s.getStringData()).contains(base64));

        List<String> places = new ArrayList<>();
        places.add(output);
        for (String version : List.of("v1alpha3", "v1beta2", "v1beta1")) {
            places.add(admin.raw("/apis/" + Stack.GROUP + "/" + version + "/namespaces/" + ns + "/stacks"));
        }
        places.add(admin.raw("/api/v1/namespaces/" + ns + "/events"));
        places.add(admin.raw("/apis/events.k8s.io/v1/namespaces/" + ns + "/events"));
        places.add(admin.raw("/apis/apps/v1/namespaces/" + ns + "/deployments"));
        places.add(admin.raw("/api/v1/namespaces/" + ns + "/pods"));
        places.add(admin.raw("/api/v1/namespaces/" + ns + "/services"));
        for (String place : places) {
            assertThat(place).isNotNull().doesNotContain(marker).doesNotContain(base64);
        }
        long logBytes = 0;
        try (var files = java.nio.file.Files.list(cluster.logs())) {
            for (java.nio.file.Path log : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String text = java.nio.file.Files.readString(log, StandardCharsets.ISO_8859_1);
                logBytes += text.length();
                assertThat(text).as(log.toString()).doesNotContain(marker).doesNotContain(base64);
            }
        }
        System.out.printf("FIGURE secret marker: absent from CLI and controller output (%d bytes), 3 Stack versions,"
                + " events, workloads, pods, services and %d bytes of control-plane logs%n", output.length(), logBytes);
    }
}
