package dev.kstack.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The figures of docs/benchmarks.md (apiserver section): 100 back-to-back creates of the wordsmith stack through
 * kube-apiserver and the aggregation layer, after 20 warm-up creates; prints each create's latency p50/p99 and the
 * total. It asserts only that every stack was stored, never timings.
 */
@ExtendWith(LocalClusterExtension.class)
class CreateBenchmarkIT {
    private static LocalComposeApi api;

    @BeforeAll
    static void start(KubernetesClient admin, LocalCluster cluster) {
        api = LocalComposeApi.start(admin, cluster.dir().resolve("compose-api-bench"));
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void hundredBackToBackCreates(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("bench");
        var stacks = admin.genericKubernetesResources(ComposeApiIT.stacks("v1alpha3")).inNamespace(ns);
        for (int i = 0; i < 20; i++) {
            stacks.resource(ComposeApiIT.hellokube(ns, "warm" + i)).create();
        }
        List<Long> micros = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            long t = System.nanoTime();
            stacks.resource(ComposeApiIT.hellokube(ns, "s" + i)).create();
            micros.add((System.nanoTime() - t) / 1000);
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        Collections.sort(micros);
        System.out.printf("[benchmark] 100 creates through kube-apiserver: total %d ms, p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms%n", totalMs, micros.get(49) / 1000.0, micros.get(98) / 1000.0, micros.get(99) / 1000.0);
        assertThat(api.store().list(ns, null, 0, 0).items()).hasSize(120);
    }
}
