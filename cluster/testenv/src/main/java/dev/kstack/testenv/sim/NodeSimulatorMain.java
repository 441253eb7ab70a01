package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the node simulator as its own process until SIGTERM. */
public final class NodeSimulatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSimulatorMain.class);

    private NodeSimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        NodeSimulatorArguments arguments;
        try {
            arguments = NodeSimulatorArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kstack node simulator: " + e.getMessage());
            System.err.println(NodeSimulatorArguments.USAGE);
            System.exit(2);
            return;
        }
        String kubeconfig = Files.readString(arguments.kubeconfig(), StandardCharsets.UTF_8);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
        NodeSimulator simulator;
        try {
            simulator = new NodeSimulator(client, arguments.config());
        } catch (RuntimeException e) {
            LOG.error("kstack node simulator failed to start", e);
            client.close();
            System.exit(1);
            return;
        }
        System.out.println(simulator.banner());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            client.close();
            stopped.countDown();
        }, "sim-shutdown"));
        stopped.await();
    }
}
