package dev.kstack.controller;

import static dev.kstack.controller.StackFixture.TIMEOUT;
import static dev.kstack.controller.StackFixture.apply;
import static dev.kstack.controller.StackFixture.awaitPhase;
import static dev.kstack.controller.StackFixture.child;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.convert.ServiceNames;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drift correction on the real control plane: every kind of child the controller writes, as kube-apiserver returns
 * it, holds what kstack writes (so that a resync writes nothing); edits made outside the stack are reverted on their
 * watch event; fields kstack does not write survive. Each test runs its own controller.
 */
@ExtendWith(LocalClusterExtension.class)
class DriftIT {
    private static final Duration REVERTED = Duration.ofSeconds(60);

    /**
     * Many features: probes, resources, env, secrets, configs, bind, anonymous and tmpfs volumes, published,
     * unpublished and host ports (LoadBalancer and NodePort Services, a hostPort: one per test, as the simulated nodes
     * are shared), an ingress route, deploy labels, a headless service, a global
     * service (DaemonSet), network policies.
     */
    static final String FEATURES = """
            {"services":[
              {"name":"web","image":"nginx:1","command":["nginx","-g","daemon off;"],
               "environment":{"MODE":"prod","EMPTY":""},
               "health_check":{"test":["CMD","curl","-f","http://localhost/"],"interval":10000000000,
                               "timeout":3000000000,"retries":3,"start_period":5000000000},
               "ports":[{"mode":"ingress","target":80,"published":8080,"protocol":"tcp"},
                        {"mode":"ingress","target":9090,"protocol":"tcp"},
                        {"mode":"host","target":443,"published":%d,"protocol":"tcp"}],
               "deploy":{"replicas":1,"labels":{"tier":"front"},
                         "resources":{"limits":{"cpus":"0.5","memory":1073741824},
                                      "reservations":{"cpus":"0.25","memory":268435456}}},
               "secrets":[{"source":"db-password","target":"db-password"}],
               "configs":[{"source":"nginx-conf","target":"/etc/nginx/conf.d/default.conf"}],
               "volumes":[{"type":"bind","source":"/srv/static","target":"/static","read_only":true},
                          {"type":"volume","target":"/cache"},
                          {"type":"tmpfs","target":"/scratch","tmpfs_size":67108864}],
               "ingress":[{"host":"web.example","port":80}],
               "labels":{"app.kind":"web"},"stop_grace_period":20000000000,"user":1000,"cap_add":["NET_ADMIN"],
               "working_dir":"/srv"},
              {"name":"words","image":"words:1","deploy":{"replicas":3},
               "internal_ports":[{"port":8080,"protocol":"tcp"}],"internal_service_type":"Headless"},
              {"name":"agent","image":"agent:1","deploy":{"mode":"global"}}],
             "secrets":{"db-password":{"name":"db-password","file":"./db-password.txt"}},
             "configs":{"nginx-conf":{"name":"nginx-conf","file":"./nginx.conf"}},
             "network_policies":true}
            """;

    /** A service with a named volume: a StatefulSet with a claim template. */
    static final String CLAIMS = """
            {"services":[{"name":"db","image":"postgres:16","environment":{"PGDATA":"/data/pg"},
               "deploy":{"resources":{"limits":{"memory":536870912}}},
               "volumes":[{"type":"volume","source":"pgdata","target":"/data"}]}],
             "volumes":{"pgdata":{}}}
            """;

    /**
     * More pod and workload fields: update and restart policies, placement constraints and preferences, a UDP
     * published port, DNS settings, lifecycle hooks, tty, read-only root, capabilities dropped, groups, a stop
     * signal, sysctls, annotations, a ClusterIP internal port, a dependency, a DNS round-robin endpoint mode.
     */
    static final String MORE = """
            {"services":[
              {"name":"api","image":"api:1",
               "deploy":{"replicas":2,"update_config":{"paralellism":1,"order":"start-first","delay":1000000000},
                         "restart_policy":{"condition":"on-failure","max_attempts":3},
                         "placement":{"constraints":{"OperatingSystem":{"Value":"linux","Operator":"=="},
                                                     "MatchLabels":{"zone":{"Value":"a","Operator":"!="}}},
                                      "preferences":[{"spread":"node.labels.zone"}]}},
               "ports":[{"mode":"ingress","target":53,"published":5353,"protocol":"udp"}],
               "dns":["10.0.0.10"],"dns_search":["example.internal"],
               "pre_stop":[{"command":["sh","-c","sleep 1"]}],"post_start":[{"command":["echo","hi"]}],
               "tty":true,"stdin_open":true,"read_only":true,"cap_drop":["ALL"],"group":2000,"group_add":["3000"],
               "stop_signal":"SIGINT","sysctls":{"net.core.somaxconn":"1024"},"annotations":{"example.com/a":"b"},
               "internal_service_type":"ClusterIP","internal_ports":[{"port":9000,"protocol":"tcp"}],
               "depends_on":{"cache":{"condition":"service_started"}}},
              {"name":"cache","image":"redis:7","deploy":{"endpoint_mode":"dnsrr"}}]}
            """;

    @AfterAll
    static void deleteNamespaces(KubernetesClient admin) {
        StackFixture.deleteTestNamespaces(admin);
    }

    @Test
    void everyChildAsTheApiServerReturnsItHoldsWhatKstackWritesAndAResyncWritesNothing(KubernetesClient admin,
            ClusterUsers users) {
        try (ControllerRuntime c = controller(admin, "drift-resync-it", Duration.ofSeconds(3))) {
            String ns = withFeatures(admin, users, "drift-kinds", "features", 30443);
            apply(admin, ns, "claims", CLAIMS);
            apply(admin, ns, "more", MORE);
            awaitPhase(admin, ns, "features", StackStatus.AVAILABLE);
            Await.until(TIMEOUT, "the claims stack's StatefulSet and the more stack's api Deployment", () ->
                    child(admin, io.fabric8.kubernetes.api.model.apps.StatefulSet.class, ns, "db") != null
                            && child(admin, Deployment.class, ns, "api") != null);
            awaitQuiet(admin, ns);

            List<String> kinds = new ArrayList<>();
            for (String stack : List.of("features", "claims", "more")) {
                List<HasMetadata> live = liveChildren(admin, ns, stack);
                for (HasMetadata d : desired(admin, ns, stack, live)) {
                    HasMetadata l = live.stream().filter(o -> ChildKey.of(o).equals(ChildKey.of(d))).findFirst()
                            .orElseThrow(() -> new AssertionError(ChildKey.of(d) + " not created"));
                    assertThat(Drift.of(d, l)).as(ChildKey.of(d) + " as kube-apiserver returns it").isEmpty();
                    kinds.add(d.getKind() + (l instanceof Service s ? "/" + serviceType(s) : ""));
                }
            }
            assertThat(kinds).contains("Deployment", "StatefulSet", "DaemonSet", "Service/ClusterIP",
                    "Service/Headless", "Service/LoadBalancer", "Service/NodePort", "Ingress", "NetworkPolicy");

            long writesBefore = Metrics.apiServerWrites(admin);
            double repairsBefore = Metrics.controller(c, "kstack_drift_repairs_total", "");
            double childWritesBefore = Metrics.controller(c, "kstack_child_writes_total", "");
            double reconcilesBefore = Metrics.controller(c, "kstack_reconciles_total", "result=\"success\"");
            Await.until(TIMEOUT, "two full resyncs reconciled the three stacks", () ->
                    Metrics.controller(c, "kstack_reconciles_total", "result=\"success\"") >= reconcilesBefore + 6);
            assertThat(Metrics.controller(c, "kstack_drift_repairs_total", "")).isEqualTo(repairsBefore);
            assertThat(Metrics.controller(c, "kstack_child_writes_total", "")).isEqualTo(childWritesBefore);
            assertThat(Metrics.apiServerWrites(admin)).as("write requests on stacks and their children")
                    .isEqualTo(writesBefore);
        }
    }

    @Test
    void editsMadeOutsideTheStackAreRevertedAndFieldsOfOtherManagersSurvive(KubernetesClient admin,
            ClusterUsers users) {
        // A long resync: what is reverted within the wait was reverted on the child's watch event.
        try (ControllerRuntime c = controller(admin, "drift-edits-it", Duration.ofMinutes(10))) {
            String ns = withFeatures(admin, users, "drift-edits", "app", 30444);
            awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
            var deployments = admin.apps().deployments().inNamespace(ns);
            var services = admin.services().inNamespace(ns);

            // Fields of other managers: an annotation by a merge patch, an env var by server-side apply.
            deployments.withName("web").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                    .withFieldManager("other-tool").build(),
                    "{\"metadata\":{\"annotations\":{\"example.com/note\":\"kept\"}}}");
            deployments.withName("web").patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager("sidecar-injector").withForce(true).build(), """
                    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                     "spec":{"template":{"spec":{"containers":[
                       {"name":"web","env":[{"name":"INJECTED","value":"by-another-manager"}]}]}}}}""");

            Deployment web = deployments.withName("web").get();
            Container container = web.getSpec().getTemplate().getSpec().getContainers().get(0);
            int mode = indexOf(container.getEnv().stream().map(e -> e.getName()).toList(), "MODE");
            int staticMount = indexOf(container.getVolumeMounts().stream().map(m -> m.getMountPath()).toList(),
                    "/static");
            String probe = container.getReadinessProbe() != null ? "readinessProbe" : "livenessProbe";
            Integer period = probe.equals("readinessProbe") ? container.getReadinessProbe().getPeriodSeconds()
                    : container.getLivenessProbe().getPeriodSeconds();
            String selectorValue = services.withName("web").get().getSpec().getSelector()
                    .get(StackLabels.SERVICE_NAME);
            int webPort = services.withName("web").get().getSpec().getPorts().get(0).getPort();
            double repairsBefore = Metrics.controller(c, "kstack_drift_repairs_total", "");

            String containerPath = "/spec/template/spec/containers/0";
            jsonPatch(admin, ns, "Deployment", "web", "replace", containerPath + "/image", "\"other/image\"");
            awaitDeployment(admin, ns, "web", "the image", d -> container(d).getImage().equals("nginx:1"));

            deployments.withName("words").scale(7);
            awaitDeployment(admin, ns, "words", "the replicas", d -> d.getSpec().getReplicas() == 3);

            jsonPatch(admin, ns, "Deployment", "web", "replace", containerPath + "/env/" + mode + "/value",
                    "\"debug\"");
            awaitDeployment(admin, ns, "web", "the env var MODE", d -> container(d).getEnv().stream()
                    .anyMatch(e -> e.getName().equals("MODE") && "prod".equals(e.getValue())));

            jsonPatch(admin, ns, "Deployment", "web", "replace", "/metadata/labels/tier", "\"back\"");
            awaitDeployment(admin, ns, "web", "the label tier", d -> "front".equals(d.getMetadata().getLabels()
                    .get("tier")));

            jsonPatch(admin, ns, "Deployment", "web", "replace", containerPath + "/" + probe + "/periodSeconds", "99");
            awaitDeployment(admin, ns, "web", "the probe", d -> period.equals(probe.equals("readinessProbe")
                    ? container(d).getReadinessProbe().getPeriodSeconds()
                    : container(d).getLivenessProbe().getPeriodSeconds()));

            jsonPatch(admin, ns, "Deployment", "web", "replace",
                    containerPath + "/volumeMounts/" + staticMount + "/mountPath", "\"/elsewhere\"");
            awaitDeployment(admin, ns, "web", "the volume mount", d -> container(d).getVolumeMounts().stream()
                    .anyMatch(m -> m.getMountPath().equals("/static")));

            jsonPatch(admin, ns, "Service", "web", "replace", "/spec/ports/0/port", "9999");
            Await.until(REVERTED, "the Service port reverted", () ->
                    services.withName("web").get().getSpec().getPorts().get(0).getPort() == webPort);

            jsonPatch(admin, ns, "Service", "web", "replace", "/spec/selector/" + StackLabels.SERVICE_NAME.replace("/",
                    "~1"), "\"other\"");
            Await.until(REVERTED, "the Service selector reverted", () -> selectorValue.equals(
                    services.withName("web").get().getSpec().getSelector().get(StackLabels.SERVICE_NAME)));

            assertThat(Metrics.controller(c, "kstack_drift_repairs_total", "")).as("drift repairs")
                    .isGreaterThanOrEqualTo(repairsBefore + 8);
            Deployment after = deployments.withName("web").get();
            assertThat(after.getMetadata().getAnnotations()).containsEntry("example.com/note", "kept");
            assertThat(container(after).getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("INJECTED");
                assertThat(e.getValue()).isEqualTo("by-another-manager");
            });
            awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
        }
    }

    @Test
    void aChildRewrittenRightAfterEachRepairIsLeftAloneAfterABoundedNumberOfRepairs(KubernetesClient admin,
            ClusterUsers users) throws InterruptedException {
        try (ControllerRuntime c = controller(admin, "drift-loop-it", Duration.ofMinutes(10))) {
            String ns = users.createNamespace("drift-loop");
            apply(admin, ns, "app", """
                    {"services":[{"name":"web","image":"nginx:1"}]}""");
            awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
            // Another writer that puts its image back as soon as it sees kstack's, as a mutating webhook would.
            var web = admin.apps().deployments().inNamespace(ns).withName("web");
            Thread fighter = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Deployment d = web.get();
                    if (d != null && !container(d).getImage().equals("fighter:1")) {
                        jsonPatch(admin, ns, "Deployment", "web", "replace",
                                "/spec/template/spec/containers/0/image", "\"fighter:1\"");
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "drift-fighter");
            fighter.setDaemon(true);
            fighter.start();
            try {
                Await.until(REVERTED, "the controller gives up on Deployment web", () ->
                        Metrics.controller(c, "kstack_drift_given_up_total", "kind=\"Deployment\"") == 1);
                double repairs = Metrics.controller(c, "kstack_drift_repairs_total", "kind=\"Deployment\"");
                assertThat(repairs).isGreaterThanOrEqualTo(DriftGuard.MAX_REPAIRS);
                // Events keep coming (the fighter's writes are done, pods roll): no more repairs in this generation.
                Thread.sleep(Duration.ofSeconds(5).toMillis());
                assertThat(Metrics.controller(c, "kstack_drift_repairs_total", "kind=\"Deployment\""))
                        .isEqualTo(repairs);
                assertThat(Metrics.controller(c, "kstack_drift_given_up_total", "")).isEqualTo(1);
            } finally {
                fighter.interrupt();
                fighter.join();
            }
            // A change of the stack (a new generation) writes the child again.
            apply(admin, ns, "app", """
                    {"services":[{"name":"web","image":"nginx:2"}]}""");
            awaitDeployment(admin, ns, "web", "the image of the new generation", d ->
                    container(d).getImage().equals("nginx:2"));
        }
    }

    private static ControllerRuntime controller(KubernetesClient admin, String identity, Duration resync) {
        StackFixture.installStackApi(admin);
        return StackFixture.startController(admin, identity, resync);
    }

    /** A new namespace with the stack {@link #FEATURES} in it, its host port {@code hostPort}. */
    private static String withFeatures(KubernetesClient admin, ClusterUsers users, String prefix, String stack,
            int hostPort) {
        String ns = users.createNamespace(prefix);
        apply(admin, ns, stack, FEATURES.formatted(hostPort));
        return ns;
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static void awaitDeployment(KubernetesClient admin, String ns, String name, String what,
            Predicate<Deployment> restored) {
        Await.until(REVERTED, what + " of Deployment " + name + " reverted", () ->
                restored.test(admin.apps().deployments().inNamespace(ns).withName(name).get()));
    }

    private static void jsonPatch(KubernetesClient admin, String ns, String kind, String name, String op, String path,
            String value) {
        String patch = "[{\"op\":\"" + op + "\",\"path\":\"" + path + "\",\"value\":" + value + "}]";
        PatchContext json = PatchContext.of(PatchType.JSON);
        if (kind.equals("Service")) {
            admin.services().inNamespace(ns).withName(name).patch(json, patch);
        } else {
            admin.apps().deployments().inNamespace(ns).withName(name).patch(json, patch);
        }
    }

    private static int indexOf(List<String> values, String value) {
        int i = values.indexOf(value);
        assertThat(i).as(value + " in " + values).isNotNegative();
        return i;
    }

    private static String serviceType(Service s) {
        return "None".equals(s.getSpec().getClusterIP()) ? "Headless" : s.getSpec().getType();
    }

    /** What the controller writes for the stack now, computed as {@link StackReconciler} does. */
    private static List<HasMetadata> desired(KubernetesClient admin, String ns, String name, List<HasMetadata> live) {
        Stack stack = StackFixture.get(admin, ns, name);
        ContentDigests digests = ContentDigests.from(stack.metadata().annotations());
        try {
            return DesiredChildren.of(stack, StackConverter.convert(new StackInput(name, ns, stack.spec(),
                    digests.secrets(), digests.configs(), ServiceAddresses.of(ServiceNames.of(stack.spec()), live)))
                    .objects());
        } catch (dev.kstack.convert.InvalidStackException e) {
            throw new AssertionError(e);
        }
    }

    private static List<HasMetadata> liveChildren(KubernetesClient admin, String ns, String stack) {
        List<HasMetadata> out = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : ChildCache.OWNED_KINDS) {
            out.addAll(admin.resources(kind).inNamespace(ns).withLabel(StackLabels.STACK, stack).list().getItems());
        }
        return out;
    }

    /**
     * Waits until the Kubernetes controllers' writes on the children's kinds (revision annotations) are done, and the
     * namespaces of earlier tests are gone (the controller writes the status of their stacks while they terminate).
     */
    private static void awaitQuiet(KubernetesClient admin, String ns) {
        Await.until(TIMEOUT, "no test namespace terminating", () -> admin.namespaces().withLabel("kstack.dev/test",
                "true").list().getItems().stream().noneMatch(n -> n.getMetadata().getDeletionTimestamp() != null));
        Await.until(TIMEOUT, "deployments settled", () -> admin.apps().deployments().inNamespace(ns).list().getItems()
                .stream().allMatch(d -> d.getStatus() != null
                        && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())));
        Metrics.awaitNoApiServerWrites(admin, TIMEOUT);
    }
}
