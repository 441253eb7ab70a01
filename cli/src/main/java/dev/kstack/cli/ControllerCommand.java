package dev.kstack.cli;

import dev.kstack.controller.Backoff;
import dev.kstack.controller.ControllerOptions;
import dev.kstack.controller.ControllerRuntime;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kstack controller}: runs the Stack controller until stopped (SIGTERM/SIGINT shut it down gracefully).
 * Inside a pod it uses the pod's service account; elsewhere {@code --kubeconfig} or the usual kubeconfig lookup.
 */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Run the controller that turns Stacks into Deployments, StatefulSets, DaemonSets and Services.")
public final class ControllerCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use (default: in-cluster service account, else $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--workers", defaultValue = "4", description = "Stacks reconciled in parallel (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--resync", defaultValue = "10m", paramLabel = "DURATION",
            description = "Full resync period, e.g. 30s, 10m (default: ${DEFAULT-VALUE}).")
    String resync;

    @Option(names = "--lease-namespace", defaultValue = "${env:POD_NAMESPACE:-kube-system}",
            description = "Namespace of the leader-election Lease (default: $POD_NAMESPACE or kube-system).")
    String leaseNamespace;

    @Option(names = "--lease-name", defaultValue = "kstack-controller", description = "Name of the Lease.")
    String leaseName;

    @Option(names = "--identity", description = "This replica's name in the Lease (default: $POD_NAME or host name).")
    String identity;

    @Option(names = "--http-address", defaultValue = "0.0.0.0:8080", paramLabel = "HOST:PORT",
            description = "Where /healthz, /readyz and /metrics are served (default: ${DEFAULT-VALUE}).")
    String httpAddress;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Duration period = parseDuration(resync);
        int colon = httpAddress.lastIndexOf(':');
        if (colon < 0 || workers < 1) {
            System.err.println("Error: --http-address must be HOST:PORT and --workers at least 1");
            return ExitCodes.USAGE;
        }
        Config config = kubeconfig == null ? Config.autoConfigure(null)
                : Config.fromKubeconfig(Files.readString(kubeconfig));
        String id = identity != null ? identity
                : System.getenv().getOrDefault("POD_NAME", InetAddress.getLocalHost().getHostName());
        ControllerOptions options = new ControllerOptions(workers, period, Backoff.DEFAULT, Duration.ofSeconds(20),
                ControllerOptions.DEFAULT_CHILD_EVENT_DELAY);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            ControllerRuntime runtime = ControllerRuntime.start(client, new ControllerRuntime.Settings(id,
                    leaseNamespace, leaseName, httpAddress.substring(0, colon),
                    Integer.parseInt(httpAddress.substring(colon + 1)), options));
            CountDownLatch closed = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                runtime.close();
                closed.countDown();
            }, "kstack-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                runtime.terminated().get();
                return ExitCodes.OK;
            } catch (ExecutionException e) {
                System.err.println("Error: " + e.getCause().getMessage());
                return ExitCodes.FAILURE;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    runtime.close();
                } catch (IllegalStateException shuttingDown) {
                    closed.await();
                }
            }
        }
    }

    /** {@code 30s}, {@code 10m}, {@code 1h} or an ISO-8601 duration. */
    static Duration parseDuration(String text) {
        String t = text.strip();
        if (t.matches("\\d+[smh]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        return Duration.parse(t);
    }
}
