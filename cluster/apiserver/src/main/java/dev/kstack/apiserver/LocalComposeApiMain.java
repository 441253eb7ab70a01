package dev.kstack.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link LocalComposeApi} until interrupted: {@code LocalComposeApiMain <kubeconfig> <data dir>}. For
 * development and demos against the local control plane; {@code kstack apiserver --run-local} does the same.
 */
public final class LocalComposeApiMain {
    private LocalComposeApiMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LocalComposeApiMain <kubeconfig> <data dir>");
            System.exit(2);
        }
        Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        LocalComposeApi api = LocalComposeApi.start(client, Path.of(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            client.close();
            stopped.countDown();
        }));
        System.out.println("compose.docker.com served on https://localhost:" + api.port() + " (etcd "
                + api.etcd().endpoint() + "); Ctrl-C stops it and unregisters the APIServices");
        stopped.await();
    }
}
