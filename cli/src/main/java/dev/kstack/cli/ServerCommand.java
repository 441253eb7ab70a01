package dev.kstack.cli;

import dev.kstack.server.CollisionCheck;
import dev.kstack.server.RotatingKeyManager;
import dev.kstack.server.StackAdmission;
import dev.kstack.server.WebhookServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kstack server}: serves the Stack API's webhooks in CRD mode (conversion of compose.docker.com versions,
 * author recording, validation with the collision check) over HTTPS until it is stopped.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Serve the conversion and admission webhooks of the Stack API (CRD mode) over HTTPS.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:cannot start (TLS files, port)", "2:bad usage"})
public final class ServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "0.0.0.0";

    @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port = 8443;

    @CommandLine.Mixin
    ServingTlsOptions tls;

    @Override
    public Integer call() throws Exception {
        RotatingKeyManager keys = tls.keys(spec.commandLine());
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().build();
             WebhookServer server = WebhookServer.start(new InetSocketAddress(bind, port), keys,
                     new StackAdmission(CollisionCheck.using(client)))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            spec.commandLine().getOut().println("kstack server: serving on https://" + bind + ":" + server.port());
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
