package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackStatus;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster benchmark of docs/benchmarks.md: 100 stacks of the wordsmith shape created at once against a controller
 * running as its own process. {@code words} runs 2 replicas ({@code -Dkstack.benchmark.words=N} changes it; the
 * example has 5): the two simulated nodes take 250 pods each, and 700 pods would leave stacks Unschedulable (with
 * {@code bin/local-cluster up --nodes 4} and {@code KSTACK_TEST_CLUSTER}, or {@code -Dkstack.test.nodes=4}, they fit).
 * Runs only with {@code -Dkstack.benchmark=true}; prints and writes its figures to
 * {@code target/controller-benchmark.txt}.
 */
@ExtendWith(LocalClusterExtension.class)
@EnabledIfSystemProperty(named = "kstack.benchmark", matches = "true")
class ControllerBenchmarkIT {
    private static final int STACKS = 100;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int WORKERS = Integer.getInteger("kstack.benchmark.workers", 4);
    /** Stacks (without replicas) the controller and the webhooks handle before the measured round; 0: a cold start. */
    private static final int WARMUP = Integer.getInteger("kstack.benchmark.warmup", 30);
    /** Replicas of each stack's {@code words} service. */
    private static final int WORDS = Integer.getInteger("kstack.benchmark.words", 2);
    private static final String LAUNCHER_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private static String wordsmith(int i, int words, int others) {
        return """
                {"services":[
                  {"name":"db%1$d","deploy":{"replicas":%3$d},"image":"dockersamples/k8s-wordsmith-db"},
                  {"name":"web%1$d","deploy":{"replicas":%3$d},"image":"dockersamples/k8s-wordsmith-web",
                   "ports":[{"mode":"ingress","target":80,"published":33000,"protocol":"tcp"}]},
                  {"name":"words%1$d","deploy":{"replicas":%2$d},"image":"dockersamples/k8s-wordsmith-api"}]}
                """.formatted(i, words, others);
    }

    @Test
    void hundredWordsmithStacksAtOnce(LocalCluster cluster, KubernetesClient admin, ClusterUsers users)
            throws Exception {
        StackFixture.installStackApi(admin);
        String ns = users.createNamespace("bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "controller-benchmark.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        // By default the JVM options kstack's launcher (cli/src/dist/bin/kstack) runs `kstack controller` with.
        String jvmOptions = System.getProperty("kstack.benchmark.jvmOptions", LAUNCHER_JVM_OPTIONS);
        if (!jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"), BenchmarkControllerMain.class.getName(),
                cluster.kubeconfig().toString(), String.valueOf(port), String.valueOf(WORKERS)));
        Process controller = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SharedIndexInformer<Deployment> deployments = admin.apps().deployments().inNamespace(ns).inform();
        SharedIndexInformer<Service> services = admin.services().inNamespace(ns).inform();
        SharedIndexInformer<GenericKubernetesResource> stacks = admin.genericKubernetesResources(
                StackResources.CONTEXT).inNamespace(ns).inform();
        try {
            Await.until(TIMEOUT, "controller ready", () ->
                    Metrics.status("http://127.0.0.1:" + port + "/readyz") == 200);
            if (WARMUP > 0) {
                String warm = users.createNamespace("warmup");
                createAll(admin, warm, WARMUP, n -> wordsmith(n, 0, 0));
                Await.until(TIMEOUT, WARMUP + " warm-up stacks Available", () -> admin.genericKubernetesResources(
                        StackResources.CONTEXT).inNamespace(warm).list().getItems().stream()
                        .map(StackResources::toStack).filter(s -> s.status() != null
                                && StackStatus.AVAILABLE.equals(s.status().phase())).count() == WARMUP);
            }
            long writesBefore = Metrics.apiServerWrites(admin);

            long start = System.nanoTime();
            createAll(admin, ns, STACKS, n -> wordsmith(n, WORDS, 1));
            long lastCreate = System.nanoTime();

            Await.until(TIMEOUT, "300 workloads and 400 Services", () ->
                    deployments.getStore().list().size() == 3 * STACKS && services.getStore().list().size() == 4 * STACKS);
            long children = System.nanoTime();
            Await.until(TIMEOUT, "100 stacks Available", () -> stacks.getStore().list().stream()
                    .map(StackResources::toStack).filter(s -> s.status() != null
                            && StackStatus.AVAILABLE.equals(s.status().phase())).count() == STACKS);
            long available = System.nanoTime();
            long writes = Metrics.apiServerWrites(admin) - writesBefore - STACKS;
            long rssKb = rssKb(controller.pid());

            List<Node> nodes = admin.nodes().list().getItems();
            String report = String.format(Locale.ROOT, """
                    stacks: %d (3 services each, 1+%d+1 replicas: %d pods on %d simulated nodes taking %d), %d workers
                    controller warmed up by %d stacks before (0: measured from a cold start); JVM options: %s
                    creates took: %d ms
                    all 300 workloads and 400 Services exist: %d ms after the last create (%d ms after the first)
                    all stacks Available: %d ms after the last create
                    write requests by the controller per stack: %.1f
                    controller resident memory: %d MiB
                    """, STACKS, WORDS, STACKS * (WORDS + 2), nodes.size(), nodes.stream().mapToInt(n -> n.getStatus()
                    .getAllocatable().get("pods").getNumericalAmount().intValue()).sum(), WORKERS, WARMUP, jvmOptions, ms(lastCreate - start), ms(children - lastCreate), ms(children - start),
                    ms(available - lastCreate),
                    writes / (double) STACKS, rssKb / 1024);
            System.out.println(report);
            Files.writeString(Path.of("target", "controller-benchmark.txt"), report);
            assertThat(deployments.getStore().list()).hasSize(3 * STACKS);
            assertThat(services.getStore().list()).hasSize(4 * STACKS);
        } finally {
            deployments.close();
            services.close();
            stacks.close();
            controller.destroy();
            controller.waitFor();
        }
    }

    /** Creates stacks {@code s0} to {@code s<count-1>} from 8 threads. */
    private static void createAll(KubernetesClient admin, String ns, int count, IntFunction<String> spec)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                creates.add(pool.submit(() -> create(admin, ns, n, spec.apply(n))));
            }
            for (Future<?> f : creates) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Creates stack {@code s<n>}; an admission webhook call that failed under load (HTTP 500) is retried. */
    private static void create(KubernetesClient admin, String ns, int n, String spec) {
        for (int attempt = 1; ; attempt++) {
            try {
                StackFixture.apply(admin, ns, "s" + n, spec);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 500 || attempt == 3) {
                    throw e;
                }
                System.out.println("retrying the create of s" + n + " after: " + e.getStatus().getMessage());
            }
        }
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
