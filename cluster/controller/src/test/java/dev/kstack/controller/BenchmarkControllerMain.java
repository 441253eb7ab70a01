package dev.kstack.controller;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The controller as a process of its own, so that the benchmark can read its resident memory. */
public final class BenchmarkControllerMain {
    private BenchmarkControllerMain() {
    }

    /** Arguments: kubeconfig, HTTP port, workers. Runs until killed. */
    public static void main(String[] args) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ControllerRuntime runtime = ControllerRuntime.start(client, new ControllerRuntime.Settings("benchmark",
                "default", "kstack-benchmark", "127.0.0.1", Integer.parseInt(args[1]),
                ControllerOptions.defaults().withWorkers(Integer.parseInt(args[2])).withResync(Duration.ofMinutes(10))));
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        runtime.terminated().join();
    }
}
