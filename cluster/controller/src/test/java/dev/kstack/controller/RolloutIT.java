package dev.kstack.controller;

import static dev.kstack.controller.StackFixture.TIMEOUT;
import static dev.kstack.controller.StackFixture.apply;
import static dev.kstack.controller.StackFixture.awaitPhase;
import static dev.kstack.controller.StackFixture.child;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackStatus;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.server.InstallManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ordered rollout by depends_on, failures by service, a broken stack, name conflicts, a controller restart in the
 * middle of a rollout, and a resync after convergence that writes nothing. Each test runs its own controller.
 */
@ExtendWith(LocalClusterExtension.class)
class RolloutIT {
    /** db must be healthy before words starts, words started before web; db's readiness is switchable. */
    private static String chain(boolean dbReady) {
        String dbLabels = dbReady ? "" : ",\"labels\":{\"kstack.dev/simulate\":\"unready\"}";
        return """
                {"services":[
                  {"name":"db","image":"dockersamples/k8s-wordsmith-db"%s},
                  {"name":"words","image":"dockersamples/k8s-wordsmith-api","deploy":{"replicas":2},
                   "depends_on":{"db":{"condition":"service_healthy"}}},
                  {"name":"web","image":"dockersamples/k8s-wordsmith-web",
                   "depends_on":{"words":{"condition":"service_started"}},
                   "ports":[{"mode":"ingress","target":80,"published":33000,"protocol":"tcp"}]}]}
                """.formatted(dbLabels);
    }

    @Test
    void dependantsAreCreatedOnlyOnceTheirDependencyReachesItsCondition(KubernetesClient admin,
            ClusterUsers users) {
        StackFixture.installStackApi(admin);
        try (ControllerRuntime c = StackFixture.startController(admin, "ordering-it", Duration.ofMinutes(10))) {
            String ns = users.createNamespace("order");
            apply(admin, ns, "chain", chain(false));
            Await.until(TIMEOUT, "web held back, waiting for db to be healthy", () -> {
                StackStatus s = StackFixture.get(admin, ns, "chain").status();
                return s != null && s.services().containsKey("words")
                        && s.services().get("words").message().equals("waiting for db (service_healthy)");
            });
            assertThat(child(admin, Deployment.class, ns, "db")).isNotNull();
            assertThat(child(admin, Deployment.class, ns, "words")).isNull();
            assertThat(child(admin, Deployment.class, ns, "web")).isNull();
            assertThat(StackFixture.get(admin, ns, "chain").status().phase()).isEqualTo(StackStatus.PROGRESSING);

            apply(admin, ns, "chain", chain(true));
            awaitPhase(admin, ns, "chain", StackStatus.AVAILABLE);
            assertThat(child(admin, Deployment.class, ns, "web")).isNotNull();
        }
    }

    @Test
    void failingPodsMakeTheStackAFailureNamingTheService(KubernetesClient admin, ClusterUsers users) {
        StackFixture.installStackApi(admin);
        try (ControllerRuntime c = StackFixture.startController(admin, "failure-it", Duration.ofMinutes(10))) {
            String ns = users.createNamespace("crash");
            apply(admin, ns, "broken", """
                    {"services":[{"name":"api","image":"api:1","labels":{"kstack.dev/simulate":"crashloop"}},
                                 {"name":"db","image":"db:1"}]}
                    """);
            awaitPhase(admin, ns, "broken", StackStatus.FAILURE);
            StackStatus s = StackFixture.get(admin, ns, "broken").status();
            assertThat(s.message()).isEqualTo("api: 1/1 pods CrashLoopBackOff");
            assertThat(s.services().get("api").failures()).singleElement()
                    .satisfies(f -> assertThat(f.pods()).singleElement().asString().startsWith("api-"));
            assertThat(s.services().get("api").failed()).isEqualTo(1);
        }
    }

    @Test
    void aBrokenStackThatBypassedAdmissionIsAFailureNamingTheProblemsAndRecoversWhenFixed(KubernetesClient admin,
            ClusterUsers users) {
        StackFixture.installStackApi(admin);
        String ns = users.createNamespace("broken");
        String broken = """
                {"services":[{"name":"web","image":"nginx"},{"name":"web","image":"httpd"},{"name":"api"}]}""";
        // Admission refuses this stack. Stacks stored before an upgrade that made validation stricter, or written
        // while the validating webhook was removed, reach the controller all the same: this one is written so.
        withoutWebhook(admin, admin.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName(InstallManifests.NAME), () -> apply(admin, ns, "broken", broken));
        try (ControllerRuntime c = StackFixture.startController(admin, "broken-it", Duration.ofMinutes(10))) {
            awaitPhase(admin, ns, "broken", StackStatus.FAILURE);
            assertThat(StackFixture.get(admin, ns, "broken").status().message()).startsWith("invalid stack: ")
                    .contains("service \"web\" is declared twice").contains("services.api.image: an image is required");
            assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(admin.services().inNamespace(ns).list().getItems()).isEmpty();

            apply(admin, ns, "broken", """
                    {"services":[{"name":"web","image":"nginx"},{"name":"api","image":"httpd"}]}""");
            awaitPhase(admin, ns, "broken", StackStatus.AVAILABLE);
            assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).hasSize(2);
        }
    }

    @Test
    void aStackWithoutARecordedAuthorIsAFailureAndNothingIsCreated(KubernetesClient admin, ClusterUsers users) {
        StackFixture.installStackApi(admin);
        String ns = users.createNamespace("noauthor");
        // The mutating webhook records the author on every write; without it (removed, or a stack restored from a
        // backup without the annotation) the controller must not fall back to its own rights.
        withoutWebhook(admin, admin.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(InstallManifests.NAME), () -> apply(admin, ns, "orphan", """
                        {"services":[{"name":"web","image":"nginx"}]}"""));
        assertThat(StackFixture.get(admin, ns, "orphan").metadata().annotations()).doesNotContainKey(
                StackAuthor.ANNOTATION);
        try (ControllerRuntime c = StackFixture.startController(admin, "noauthor-it", Duration.ofMinutes(10))) {
            awaitPhase(admin, ns, "orphan", StackStatus.FAILURE);
            assertThat(StackFixture.get(admin, ns, "orphan").status().message()).isEqualTo(StackReconciler.NO_AUTHOR);
            assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
            assertThat(admin.services().inNamespace(ns).list().getItems()).isEmpty();
        }
    }

    /**
     * Runs {@code write} (retried while admission still refuses it) with the webhook configuration removed, then
     * puts the configuration back.
     */
    private static <T extends HasMetadata> void withoutWebhook(KubernetesClient admin, Resource<T> webhook,
            Runnable write) {
        T saved = webhook.get();
        assertThat(saved).as("the Stack API's webhook configuration").isNotNull();
        webhook.delete();
        try {
            Await.until(TIMEOUT, "the write accepted once the webhook is gone", () -> {
                try {
                    write.run();
                    return true;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 422 && e.getCode() != 400) {
                        throw e;
                    }
                    return false;
                }
            });
        } finally {
            ObjectMeta meta = saved.getMetadata();
            meta.setResourceVersion(null);
            meta.setUid(null);
            meta.setCreationTimestamp(null);
            meta.setGeneration(null);
            meta.setManagedFields(null);
            admin.resource(saved).create();
        }
    }

    @Test
    void namesTakenByOtherObjectsOrStacksAreAFailure(KubernetesClient admin, ClusterUsers users) {
        StackFixture.installStackApi(admin);
        String ns = users.createNamespace("conflict");
        // Admission refuses names taken when a stack is written; these conflicts arise while no controller runs.
        apply(admin, ns, "first", """
                {"services":[{"name":"api","image":"api:1"}]}""");
        apply(admin, ns, "second", """
                {"services":[{"name":"api","image":"api:2"}]}""");
        apply(admin, ns, "third", """
                {"services":[{"name":"web","image":"web:1"}]}""");
        admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withReplicas(0).withNewSelector()
                .addToMatchLabels("app", "mine").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "mine").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("mine").endContainer().endSpec().endTemplate().endSpec().build()).create();
        try (ControllerRuntime c = StackFixture.startController(admin, "conflict-it", Duration.ofMinutes(10))) {
            awaitPhase(admin, ns, "third", StackStatus.FAILURE);
            assertThat(StackFixture.get(admin, ns, "third").status().message())
                    .isEqualTo("Deployment \"web\" already exists and does not belong to this stack");
            assertThat(child(admin, Deployment.class, ns, "web").getMetadata().getOwnerReferences()).isEmpty();

            Await.until(TIMEOUT, "one of first and second Available, the other a Failure naming it", () ->
                    StackFixture.phaseIs(admin, ns, "first", StackStatus.AVAILABLE)
                            && StackFixture.phaseIs(admin, ns, "second", StackStatus.FAILURE)
                            || StackFixture.phaseIs(admin, ns, "second", StackStatus.AVAILABLE)
                            && StackFixture.phaseIs(admin, ns, "first", StackStatus.FAILURE));
            String winner = StackFixture.phaseIs(admin, ns, "first", StackStatus.AVAILABLE) ? "first" : "second";
            String loser = winner.equals("first") ? "second" : "first";
            assertThat(StackFixture.get(admin, ns, loser).status().message())
                    .endsWith(" already exists in stack \"" + winner + "\"");
            assertThat(child(admin, Deployment.class, ns, "api").getMetadata().getOwnerReferences())
                    .singleElement().satisfies(o -> assertThat(o.getName()).isEqualTo(winner));
        }
    }

    @Test
    void aControllerRestartedMidRolloutConvergesWithoutDuplicatesOrRewrites(KubernetesClient admin,
            ClusterUsers users) {
        StackFixture.installStackApi(admin);
        String ns = users.createNamespace("restart");
        try (ControllerRuntime first = StackFixture.startController(admin, "restart-it-1", Duration.ofMinutes(10))) {
            apply(admin, ns, "chain", chain(false));
            Await.until(TIMEOUT, "rollout started (db created, words held)", () -> {
                StackStatus s = StackFixture.get(admin, ns, "chain").status();
                return s != null && s.services().containsKey("words") && !s.services().get("words").message().isEmpty();
            });
        }
        try (ControllerRuntime second = StackFixture.startController(admin, "restart-it-2", Duration.ofMinutes(10))) {
            apply(admin, ns, "chain", chain(true));
            awaitPhase(admin, ns, "chain", StackStatus.AVAILABLE);
            assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
                    .extracting(d -> d.getMetadata().getName()).containsExactlyInAnyOrder("db", "words", "web");
            assertThat(admin.services().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
                    .containsExactlyInAnyOrder("db", "words", "web", "web-published");
            for (String name : new String[] {"words", "web"}) {
                Deployment d = child(admin, Deployment.class, ns, name);
                assertThat(d.getMetadata().getGeneration()).as(name + " written once").isEqualTo(1L);
                assertThat(admin.apps().replicaSets().inNamespace(ns).withLabel("com.docker.service.name", name)
                        .list().getItems()).as(name + " has one ReplicaSet").hasSize(1);
            }
            Await.until(TIMEOUT, "words runs exactly 2 pods", () -> admin.pods().inNamespace(ns)
                    .withLabel("com.docker.service.name", "words").list().getItems().size() == 2);
        }
    }

    @Test
    void afterConvergenceAFullResyncMakesNoWriteRequests(KubernetesClient admin, ClusterUsers users) {
        StackFixture.installStackApi(admin);
        try (ControllerRuntime c = StackFixture.startController(admin, "resync-it", Duration.ofSeconds(3))) {
            String[] namespaces = {users.createNamespace("resync"), users.createNamespace("resync")};
            for (String ns : namespaces) {
                apply(admin, ns, "quiet", StackFixture.WORDSMITH);
            }
            for (String ns : namespaces) {
                awaitPhase(admin, ns, "quiet", StackStatus.AVAILABLE);
            }
            // Let the Kubernetes controllers finish their own writes (deployment revision annotations).
            Await.until(TIMEOUT, "deployments settled", () -> java.util.Arrays.stream(namespaces).allMatch(ns ->
                    admin.apps().deployments().inNamespace(ns).list().getItems().stream().allMatch(d ->
                            d.getStatus() != null && d.getMetadata().getGeneration().equals(
                                    d.getStatus().getObservedGeneration()))));
            Metrics.awaitNoApiServerWrites(admin, TIMEOUT);
            long writesBefore = Metrics.apiServerWrites(admin);
            double childWritesBefore = Metrics.controller(c, "kstack_child_writes_total", "");
            double reconcilesBefore = Metrics.controller(c, "kstack_reconciles_total", "result=\"success\"");

            Await.until(TIMEOUT, "two full resyncs reconciled every stack", () ->
                    Metrics.controller(c, "kstack_reconciles_total", "result=\"success\"")
                            >= reconcilesBefore + 4 * namespaces.length);
            assertThat(Metrics.controller(c, "kstack_child_writes_total", "")).isEqualTo(childWritesBefore);
            assertThat(Metrics.apiServerWrites(admin)).as("write requests on stacks and their children")
                    .isEqualTo(writesBefore);
            assertThat(Metrics.get("http://127.0.0.1:" + c.httpPort() + "/metrics"))
                    .contains("kstack_stacks{phase=\"Available\"}").contains("kstack_queue_depth")
                    .contains("kstack_reconcile_duration_seconds");
            assertThat(Metrics.status("http://127.0.0.1:" + c.httpPort() + "/readyz")).isEqualTo(200);
            assertThat(Metrics.status("http://127.0.0.1:" + c.httpPort() + "/healthz")).isEqualTo(200);
        }
    }
}
