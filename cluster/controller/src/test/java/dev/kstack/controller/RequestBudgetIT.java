package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackStatus;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The requests kube-apiserver serves while the controller converges {@value #DEFAULT_STACKS} wordsmith stacks (one
 * namespace each, CRD mode: the webhooks run in this JVM), counted from its {@code /metrics} by verb, resource and
 * subresource, per stack, with the admission webhook calls; then across two full resyncs. It pins the budget the
 * controller and the webhooks may spend per stack so the counts cannot creep back (docs/benchmarks.md, "Requests per
 * stack"). The counts are everyone's (the Kubernetes controllers', the scheduler's, the node simulator's too): the
 * budget is asserted on kstack's rows: requests in JSON (the Kubernetes components ask for protobuf) on stacks and on
 * the children's kinds (not their status, which the Kubernetes controllers write). {@code -Dkstack.budget.stacks=N} changes the number; the table goes to
 * {@code target/request-budget.txt}.
 */
@ExtendWith(LocalClusterExtension.class)
class RequestBudgetIT {
    private static final int DEFAULT_STACKS = 10;
    private static final int STACKS = Integer.getInteger("kstack.budget.stacks", DEFAULT_STACKS);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Set<String> CHILD_KINDS = Set.of("deployments", "statefulsets", "daemonsets", "services",
            "ingresses", "networkpolicies");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

    /**
     * At most this many writes of stacks and children per stack: the 7 applies and the status writes of a rollout,
     * one per change the controller sees (4.4 to 7.5 per stack in the runs of docs/benchmarks.md, depending on how
     * the 7 pods' events fall into the 500 ms windows; at most 10 here).
     */
    private static final double WRITES_PER_STACK = 17;
    /**
     * At most this many GETs of stacks and children per stack: the validating webhook's collision check (7) and the
     * controller's name check (7) of the new children; the status write reads nothing.
     */
    private static final double READS_PER_STACK = 15;

    @AfterAll
    static void deleteNamespaces(KubernetesClient admin) {
        StackFixture.deleteTestNamespaces(admin);
    }

    @Test
    void convergingAWordsmithStackCostsABoundedNumberOfRequestsAndAResyncNone(KubernetesClient admin,
            ClusterUsers users) throws Exception {
        StackFixture.installStackApi(admin);
        // The stacks of earlier test classes would be counted too (one in a name conflict GETs on every resync).
        StackFixture.deleteTestNamespaces(admin);
        Await.until(TIMEOUT, "earlier tests' namespaces gone", () ->
                admin.namespaces().withLabel("kstack.dev/test", "true").list().getItems().isEmpty());
        try (ControllerRuntime c = StackFixture.startController(admin, "budget-it", Duration.ofSeconds(5))) {
            List<String> namespaces = new ArrayList<>();
            for (int i = 0; i < STACKS; i++) {
                namespaces.add(users.createNamespace("budget"));
            }
            SharedIndexInformer<GenericKubernetesResource> stacks = admin.genericKubernetesResources(
                    StackResources.CONTEXT).inAnyNamespace().inform();
            try {
                Metrics.awaitNoApiServerWrites(admin, TIMEOUT);
                Map<String, Long> before = Metrics.apiServerRequests(admin);
                Map<String, Long> webhooksBefore = Metrics.admissionWebhookCalls(admin);
                Map<String, Long> conversionsBefore = Metrics.conversionWebhookCalls(admin);
                long start = System.nanoTime();
                for (String ns : namespaces) {
                    create(admin, ns);
                }
                Await.until(TIMEOUT, STACKS + " stacks Available", () -> stacks.getStore().list().stream()
                        .filter(r -> namespaces.contains(r.getMetadata().getNamespace()))
                        .map(StackResources::toStack).filter(s -> s.status() != null
                                && StackStatus.AVAILABLE.equals(s.status().phase())).count() == STACKS);
                Metrics.awaitNoApiServerWrites(admin, TIMEOUT);
                long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
                Map<String, Long> converge = Metrics.difference(before, Metrics.apiServerRequests(admin));
                Map<String, Long> webhooks = Metrics.difference(webhooksBefore, Metrics.admissionWebhookCalls(admin));
                Map<String, Long> conversions = Metrics.difference(conversionsBefore,
                        Metrics.conversionWebhookCalls(admin));
                // The test's own requests: one POST per stack.
                converge.merge("POST stacks", (long) -STACKS, Long::sum);

                double reconcilesBefore = Metrics.controller(c, "kstack_reconciles_total", "result=\"success\"");
                Map<String, Long> beforeResync = Metrics.apiServerRequests(admin);
                Map<String, Long> webhooksBeforeResync = Metrics.admissionWebhookCalls(admin);
                Map<String, Long> conversionsBeforeResync = Metrics.conversionWebhookCalls(admin);
                Await.until(TIMEOUT, "two full resyncs reconciled every stack", () ->
                        Metrics.controller(c, "kstack_reconciles_total", "result=\"success\"")
                                >= reconcilesBefore + 2 * STACKS);
                Map<String, Long> resync = Metrics.difference(beforeResync, Metrics.apiServerRequests(admin));
                Map<String, Long> webhooksOnResync = Metrics.difference(webhooksBeforeResync,
                        Metrics.admissionWebhookCalls(admin));
                Map<String, Long> conversionsOnResync = Metrics.difference(conversionsBeforeResync,
                        Metrics.conversionWebhookCalls(admin));

                String report = report(converge, webhooks, conversions, conversionsOnResync, resync, took);
                System.out.println(report);
                Files.writeString(Path.of("target", "request-budget.txt"), report);

                assertThat(kstack(converge, true) / (double) STACKS).as("writes of stacks and children per stack")
                        .isLessThanOrEqualTo(WRITES_PER_STACK);
                assertThat(kstack(converge, false) / (double) STACKS).as("GETs of stacks and children per stack")
                        .isLessThanOrEqualTo(READS_PER_STACK);
                assertThat(webhooks.values().stream().mapToLong(Long::longValue).sum()).as("admission webhook calls")
                        .isEqualTo(2L * STACKS); // the create's: the status writes call no webhook
                assertThat(webhooksOnResync).as("admission webhook calls on a resync").isEmpty();
                assertThat(kstack(resync, true)).as("writes on a resync").isZero();
                assertThat(kstack(resync, false)).as("GETs on a resync").isZero();
            } finally {
                stacks.close();
            }
        }
    }

    /** Creates the stack {@code wordsmith} in {@code ns} with one POST (its author: the admin). */
    @SuppressWarnings("unchecked")
    private static void create(KubernetesClient admin, String ns) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(Stack.API_VERSION);
        r.setKind(Stack.KIND);
        r.setMetadata(new ObjectMetaBuilder().withName("wordsmith").withNamespace(ns).build());
        r.setAdditionalProperty("spec", StackJson.lenient().convertValue(StackFixture.spec(StackFixture.WORDSMITH),
                Map.class));
        admin.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns).resource(r).create();
    }

    /** The sum of kstack's rows: its writes ({@code writes}) or its GETs of stacks and of the children's kinds. */
    private static long kstack(Map<String, Long> requests, boolean writes) {
        long sum = 0;
        for (Map.Entry<String, Long> e : requests.entrySet()) {
            if (e.getKey().endsWith("(protobuf)")) {
                continue; // the Kubernetes components'
            }
            String[] parts = e.getKey().split(" ");
            String[] resource = parts[1].split("/");
            boolean stack = resource[0].equals("stacks");
            boolean child = CHILD_KINDS.contains(resource[0]) && resource.length == 1;
            boolean counted = writes ? WRITES.contains(parts[0]) : parts[0].equals("GET");
            if ((stack || child) && counted) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static String report(Map<String, Long> converge, Map<String, Long> webhooks,
            Map<String, Long> conversions, Map<String, Long> conversionsOnResync, Map<String, Long> resync, long took) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%d wordsmith stacks (3 services, 7 pods each), one namespace each, converged in %d ms%n",
                STACKS, took));
        b.append("| request (verb resource/subresource [code]) | per stack while converging | on two resyncs |\n");
        b.append("|---|---|---|\n");
        Map<String, Long> keys = new TreeMap<>(converge);
        resync.forEach(keys::putIfAbsent);
        for (String k : keys.keySet()) {
            if (converge.getOrDefault(k, 0L) == 0 && resync.getOrDefault(k, 0L) == 0) {
                continue; // the test's own creates, subtracted
            }
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %d |%n", k,
                    converge.getOrDefault(k, 0L) / (double) STACKS, resync.getOrDefault(k, 0L)));
        }
        b.append(String.format(Locale.ROOT, "kstack's writes per stack: %.1f, its GETs per stack: %.1f%n",
                kstack(converge, true) / (double) STACKS, kstack(converge, false) / (double) STACKS));
        b.append("admission webhook calls per stack:\n");
        webhooks.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s: %.1f%n", k, v / (double) STACKS)));
        b.append("conversion webhook calls per stack (on two resyncs, in all):\n");
        Map<String, Long> conversionKeys = new TreeMap<>(conversions);
        conversionsOnResync.forEach(conversionKeys::putIfAbsent);
        conversionKeys.keySet().forEach(k -> b.append(String.format(Locale.ROOT, "  %s: %.1f (%d)%n", k,
                conversions.getOrDefault(k, 0L) / (double) STACKS, conversionsOnResync.getOrDefault(k, 0L))));
        return b.toString();
    }
}
