package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The controller as a process of its own ({@code kstack controller}), killed with SIGKILL at random moments while 100
 * stacks roll out, and as two replicas with leader election: it always converges to exactly the desired objects.
 * Figures are printed ({@code FIGURE ...}) and recorded in docs/reliability.md. {@code -Dkstack.faults.rounds}
 * sets the number of kill rounds: 10 for the recorded figures, 4 in {@code ./mvnw verify} (the module's pom).
 */
@ExtendWith(LocalClusterExtension.class)
class ControllerFaultsIT {
    private static final int STACKS = Integer.getInteger("kstack.faults.stacks", 100);
    private static final int ROUNDS = Integer.getInteger("kstack.faults.rounds", 10);
    private static final Duration CONVERGE = Duration.ofMinutes(6);
    private static final List<ControllerProcess> started = new ArrayList<>();
    private static Path logs;

    @BeforeAll
    static void install(KubernetesClient admin, LocalCluster cluster) throws Exception {
        Stacks.installCrdMode(admin);
        logs = Files.createDirectories(cluster.dir().resolve("logs").resolve("reliability"));
    }

    @AfterAll
    static void stopControllers(KubernetesClient admin) {
        started.forEach(ControllerProcess::close);
        admin.namespaces().withLabel("kstack.dev/test", "true").delete();
    }

    private static ControllerProcess controller(LocalCluster cluster, String lease, String identity) {
        ControllerProcess p = ControllerProcess.start(cluster.kubeconfig(), lease, identity,
                logs.resolve(identity + ".log"));
        started.add(p);
        return p;
    }

    private static ControllerProcess leadingController(LocalCluster cluster, String lease, String identity) {
        ControllerProcess p = controller(cluster, lease, identity);
        Await.until(Duration.ofMinutes(2), "controller leading", p::leading);
        return p;
    }

    /** Waits until the stack's phase is Failure and returns it. */
    private static Stack awaitFailure(KubernetesClient admin, String ns, String name) {
        Await.until(Duration.ofMinutes(3), "stack " + name + " Failure", () -> {
            Stack s = Stacks.get(admin, ns, name);
            return s != null && s.status() != null && StackStatus.FAILURE.equals(s.status().phase());
        });
        return Stacks.get(admin, ns, name);
    }

    @Test
    void sigkillAtRandomMomentsWhile100StacksRollOutConvergesToExactlyTheDesiredObjects(KubernetesClient admin,
            LocalCluster cluster, ClusterUsers users) throws Exception {
        String ns = users.createNamespace("kill");
        String lease = "kstack-kill-" + ns;
        Random random = new Random(42);
        int kills = 0;
        List<Long> convergeMillis = new ArrayList<>();
        ControllerProcess current = controller(cluster, lease, "kill-0");
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String image = "registry.local/app:r" + round;
                int replicas = 1 + round % 2;
                Future<?> writes = writer.submit(() -> {
                    for (int i = 0; i < STACKS; i++) {
                        Stacks.apply(admin, ns, "s" + i, Stacks.twoServices(i, image, replicas));
                    }
                });
                // Two or three SIGKILLs at random moments of the rollout, each followed by a new process.
                int killsThisRound = 2 + random.nextInt(2);
                for (int k = 0; k < killsThisRound; k++) {
                    Thread.sleep(500 + random.nextInt(6000));
                    current.kill();
                    kills++;
                    current = controller(cluster, lease, "kill-" + kills);
                }
                writes.get(5, TimeUnit.MINUTES);
                long afterLastKill = System.nanoTime();
                awaitExactlyDesired(admin, ns, STACKS, image, replicas, "round " + round);
                convergeMillis.add((System.nanoTime() - afterLastKill) / 1_000_000);
            }
        } finally {
            writer.shutdownNow();
            current.close();
        }
        System.out.printf("FIGURE controller SIGKILL: %d rounds of %d stacks, %d kills, converged every round;"
                + " time from last kill to exact convergence per round (ms): %s%n", ROUNDS, STACKS, kills,
                convergeMillis);
    }

    /**
     * Every stack Available for its latest generation; the live children are exactly the union of what the converter
     * wants, each controlled by its own stack (none missing, none extra, none owned by another or by nobody), and
     * every Deployment runs the wanted image and replicas.
     */
    private static void awaitExactlyDesired(KubernetesClient admin, String ns, int expectedStacks, String image,
            int replicas, String what) {
        String[] last = {""};
        try {
            Await.until(CONVERGE, what + ": exactly the desired objects", () -> {
                List<Stack> stacks = Stacks.list(admin, ns);
                Map<String, List<String>> wanted = new TreeMap<>();
                for (Stack s : stacks) {
                    StackStatus st = s.status();
                    if (st == null || !StackStatus.AVAILABLE.equals(st.phase())
                            || s.metadata().generation() == null || st.observedGeneration() != s.metadata().generation()) {
                        last[0] = s.metadata().name() + " is " + (st == null ? "without status" : st.phase()
                                + " at generation " + st.observedGeneration() + "/" + s.metadata().generation());
                        return false;
                    }
                    for (String child : Stacks.desired(s)) {
                        wanted.computeIfAbsent(child, c -> new ArrayList<>()).add(s.metadata().uid());
                    }
                }
                if (stacks.size() != expectedStacks) {
                    last[0] = stacks.size() + " stacks";
                    return false;
                }
                Map<String, List<String>> live = Stacks.live(admin, ns);
                if (!live.equals(wanted)) {
                    Map<String, List<String>> diff = new HashMap<>(live);
                    wanted.forEach(diff::remove);
                    last[0] = "live children differ: " + live.size() + " live, " + wanted.size()
                            + " wanted; unexpected or wrongly owned: " + diff.keySet();
                    return false;
                }
                for (Deployment d : admin.apps().deployments().inNamespace(ns).withLabel(Stacks.STACK_LABEL).list()
                        .getItems()) {
                    String liveImage = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
                    int wantedReplicas = d.getMetadata().getName().startsWith("a") ? replicas : 1;
                    if (!image.equals(liveImage) || d.getSpec().getReplicas() != wantedReplicas) {
                        last[0] = "Deployment " + d.getMetadata().getName() + " runs " + liveImage + " x"
                                + d.getSpec().getReplicas();
                        return false;
                    }
                }
                return true;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + last[0], e);
        }
    }

    @Test
    void restartingKubeApiserverAndEtcdDuringARolloutLosesNoStackAndConverges(KubernetesClient admin,
            LocalCluster cluster, ClusterUsers users) throws Exception {
        int stacks = 30;
        String ns = users.createNamespace("restart");
        ControllerProcess c = controller(cluster, "kstack-restart-" + ns, "restart");
        Await.until(Duration.ofMinutes(2), "controller leading", c::leading);
        for (int i = 0; i < stacks / 2; i++) {
            Stacks.apply(admin, ns, "s" + i, Stacks.twoServices(i, "registry.local/app:1", 2));
        }
        // kube-apiserver stops gracefully mid-rollout, then etcd is killed outright, then kube-apiserver is killed:
        // every watch of the controller breaks each time and must resume (or relist) on its own.
        long t0 = System.nanoTime();
        cluster.restart("kube-apiserver", false);
        cluster.restart("etcd", true);
        cluster.restart("kube-apiserver", true);
        long restartsMs = (System.nanoTime() - t0) / 1_000_000;
        for (int i = stacks / 2; i < stacks; i++) {
            Stacks.apply(admin, ns, "s" + i, Stacks.twoServices(i, "registry.local/app:1", 2));
        }
        long afterRestarts = System.nanoTime();
        awaitExactlyDesired(admin, ns, stacks, "registry.local/app:1", 2, "after control-plane restarts");
        long convergedMs = (System.nanoTime() - afterRestarts) / 1_000_000;
        assertThat(c.alive()).as("the controller survived the restarts without being restarted").isTrue();
        System.out.printf("FIGURE control-plane restarts: kube-apiserver (SIGTERM), etcd (SIGKILL), kube-apiserver"
                + " (SIGKILL) restarted in %d ms during a rollout of %d stacks; no stack lost; exact convergence %d ms"
                + " after the last restart, same controller process%n", restartsMs, stacks, convergedMs);
        c.close();
    }

    @Test
    void whenTheLeaderIsKilledTheOtherReplicaTakesOverAndReconciles(KubernetesClient admin, LocalCluster cluster,
            ClusterUsers users) {
        String ns = users.createNamespace("leader");
        String lease = "kstack-leader-" + ns;
        ControllerProcess one = controller(cluster, lease, "replica-1");
        ControllerProcess two = controller(cluster, lease, "replica-2");
        Await.until(Duration.ofMinutes(2), "one replica leading", () -> one.leading() || two.leading());
        ControllerProcess leader = one.leading() ? one : two;
        ControllerProcess standby = leader == one ? two : one;
        assertThat(standby.leading()).as("only one replica leads").isFalse();
        Stacks.apply(admin, ns, "before", Stacks.twoServices(1, "registry.local/app:1", 1));
        awaitAvailable(admin, ns, "before");

        long killedAt = System.nanoTime();
        leader.kill();
        Await.until(Duration.ofMinutes(2), standby.identity() + " takes over", standby::leading);
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        Stacks.apply(admin, ns, "after", Stacks.twoServices(2, "registry.local/app:1", 1));
        awaitAvailable(admin, ns, "after");
        long reconciledMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(admin.apps().deployments().inNamespace(ns).withName("a2").get()).isNotNull();
        System.out.printf("FIGURE leader election: SIGKILL of the leader -> standby leading after %d ms"
                + " (lease 15 s), first stack created after the kill Available after %d ms%n", takeoverMs,
                reconciledMs);
        standby.close();
    }

    @Test
    void simulatedPodFailuresNameTheServiceAndTheCause(KubernetesClient admin, LocalCluster cluster,
            ClusterUsers users) {
        String ns = users.createNamespace("podfail");
        ControllerProcess c = leadingController(cluster, "kstack-podfail-" + ns, "podfail");
        Map<String, String> causes = Map.of("crashloop", "CrashLoopBackOff", "imagepullbackoff", "ImagePullBackOff",
                "fail", "Error|exited with an error|Failed");
        for (Map.Entry<String, String> e : causes.entrySet()) {
            String service = "svc-" + e.getKey();
            Stacks.apply(admin, ns, e.getKey(), """
                    {"services":[{"name":"ok-%1$s","image":"ok:1"},
                      {"name":"%2$s","image":"bad:1","labels":{"kstack.dev/simulate":"%1$s"}}]}
                    """.formatted(e.getKey(), service));
        }
        for (Map.Entry<String, String> e : causes.entrySet()) {
            String message = awaitFailure(admin, ns, e.getKey()).status().message();
            System.out.printf("FIGURE pod failure %s: %s%n", e.getKey(), message);
            assertThat(message).contains("svc-" + e.getKey()).containsPattern(e.getValue()).doesNotContain("ok-" + e.getKey());
        }
        c.close();
    }

    /**
     * Pods the real kube-scheduler cannot place on the simulator's two nodes (32 CPUs each): one service constrained
     * to a node that does not exist, one reserving more CPUs than a node has.
     */
    @Test
    void unschedulableServicesAreNamedWithTheSchedulersCause(KubernetesClient admin, LocalCluster cluster,
            ClusterUsers users) {
        String ns = users.createNamespace("unsched");
        ControllerProcess c = leadingController(cluster, "kstack-unsched-" + ns, "unsched");
        Map<String, String> deploys = Map.of(
                "nonode", """
                        {"placement":{"constraints":{"Hostname":{"Value":"no-such-node","Operator":"=="}}}}""",
                "toobig", """
                        {"resources":{"reservations":{"cpus":"64"}}}""");
        Map<String, String> causes = Map.of("nonode", "node affinity|node selector", "toobig", "Insufficient cpu");
        for (Map.Entry<String, String> e : deploys.entrySet()) {
            Stacks.apply(admin, ns, e.getKey(), """
                    {"services":[{"name":"ok-%1$s","image":"ok:1"},
                      {"name":"svc-%1$s","image":"app:1","deploy":%2$s}]}
                    """.formatted(e.getKey(), e.getValue()));
        }
        for (String name : deploys.keySet()) {
            Stack failed = awaitFailure(admin, ns, name);
            String message = failed.status().message();
            System.out.printf("FIGURE unschedulable %s: %s%n", name, message);
            assertThat(message).startsWith("svc-" + name + ": 1/1 pods Unschedulable (0/")
                    .containsPattern(causes.get(name)).doesNotContain("ok-" + name);
            assertThat(failed.status().services().get("svc-" + name).failures()).singleElement().satisfies(f -> {
                assertThat(f.reason()).isEqualTo("Unschedulable");
                assertThat(f.message()).containsPattern("0/\\d+ nodes are available").containsPattern(causes.get(name));
            });
        }
        c.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void fiveWritersUpdatingOneStackLoseNoUpdateAndTheChildrenMatchTheFinalStack(KubernetesClient admin,
            LocalCluster cluster, ClusterUsers users) throws Exception {
        String ns = users.createNamespace("storm");
        ControllerProcess c = controller(cluster, "kstack-storm-" + ns, "storm");
        Await.until(Duration.ofMinutes(2), "controller leading", c::leading);
        Stacks.apply(admin, ns, "app", Stacks.twoServices(1, "registry.local/w0:0", 1));
        int writers = 5;
        int updatesEach = 10;
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 1; w <= writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                var stacks = admin.genericKubernetesResources(dev.kstack.controller.StackResources.CONTEXT)
                        .inNamespace(ns);
                int written = 0;
                for (int k = 1; k <= updatesEach; k++) {
                    for (int attempt = 1; attempt <= 200; attempt++) {
                        var live = stacks.withName("app").get();
                        Map<String, String> annotations = new HashMap<>(live.getMetadata().getAnnotations());
                        int count = Integer.parseInt(annotations.getOrDefault("storm/count", "0"));
                        annotations.put("storm/count", String.valueOf(count + 1));
                        live.getMetadata().setAnnotations(annotations);
                        Map<String, Object> spec = (Map<String, Object>) live.getAdditionalProperties().get("spec");
                        for (Object service : (List<Object>) spec.get("services")) {
                            ((Map<String, Object>) service).put("image", "registry.local/w" + writer + ":" + k);
                        }
                        try {
                            stacks.resource(live).update();
                            written++;
                            break;
                        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                            if (e.getCode() != 409) {
                                throw e;
                            }
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return written;
            }));
        }
        int successes = 0;
        for (Future<Integer> f : done) {
            successes += f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdownNow();
        Stack last = Stacks.get(admin, ns, "app");
        assertThat(successes).isEqualTo(writers * updatesEach);
        assertThat(last.metadata().annotations()).containsEntry("storm/count", String.valueOf(successes));
        String finalImage = last.spec().services().get(0).image();
        Await.until(CONVERGE, "children match the final stack", () -> {
            Stack s = Stacks.get(admin, ns, "app");
            if (s.status() == null || s.metadata().generation() == null
                    || s.status().observedGeneration() != s.metadata().generation()) {
                return false;
            }
            return admin.apps().deployments().inNamespace(ns).withLabel(Stacks.STACK_LABEL).list().getItems().stream()
                    .allMatch(d -> finalImage.equals(d.getSpec().getTemplate().getSpec().getContainers().get(0)
                            .getImage()));
        });
        assertThat(admin.apps().deployments().inNamespace(ns).withLabel(Stacks.STACK_LABEL).list().getItems())
                .hasSize(2);
        System.out.printf("FIGURE conflict storm: %d writers x %d read-modify-write updates of one stack: %d accepted,"
                + " %d answered 409 and retried, counter %s (no update lost); children run %s%n", writers, updatesEach,
                successes, conflicts.get(), last.metadata().annotations().get("storm/count"), finalImage);
        c.close();
    }

    static void awaitAvailable(KubernetesClient admin, String ns, String name) {
        Await.until(Duration.ofMinutes(3), "stack " + ns + "/" + name + " Available", () -> {
            Stack s = Stacks.get(admin, ns, name);
            return s != null && s.status() != null && StackStatus.AVAILABLE.equals(s.status().phase());
        });
    }
}
