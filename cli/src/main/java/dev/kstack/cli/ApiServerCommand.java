package dev.kstack.cli;

import dev.kstack.apiserver.ComposeApiServer;
import dev.kstack.apiserver.EtcdProcess;
import dev.kstack.server.RotatingKeyManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kstack apiserver}: serves compose.docker.com as an aggregated API server (stacks stored in etcd) over HTTPS
 * until it is stopped. It talks to kube-apiserver as its pod's service account in a cluster, or with the kubeconfig
 * ({@code --kubeconfig}, else KUBECONFIG or ~/.kube/config) outside one.
 */
@Command(name = "apiserver", mixinStandardHelpOptions = true,
        description = "Serve the Stack API (compose.docker.com) as an aggregated API server storing stacks in etcd.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:cannot start (TLS files, port, etcd, cluster)", "2:bad usage"})
public final class ApiServerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "0.0.0.0";

    @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port = 8443;

    @CommandLine.Mixin
    ServingTlsOptions tls;

    @Option(names = "--etcd-servers", paramLabel = "URL", split = ",",
            description = "etcd endpoints (http://host:2379,...).")
    List<String> etcdServers = List.of();

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX",
            description = "Key prefix of the stacks in etcd (default: ${DEFAULT-VALUE}).")
    String etcdPrefix = ComposeApiServer.DEFAULT_PREFIX;

    @Option(names = "--local-etcd", paramLabel = "DIR", description = "Instead of --etcd-servers: start this "
            + "machine's etcd (KSTACK_ETCD, else /usr/bin/etcd) on a free loopback port with its data in DIR, "
            + "and stop it on exit.")
    Path localEtcd;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to reach kube-apiserver (default: in-cluster, KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Override
    public Integer call() throws Exception {
        if (etcdServers.isEmpty() == (localEtcd == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either --etcd-servers or --local-etcd");
        }
        RotatingKeyManager keys = tls.keys(spec.commandLine());
        EtcdProcess etcd = localEtcd == null ? null : EtcdProcess.start(EtcdProcess.defaultBinary(), localEtcd);
        KubernetesClient client = null;
        ComposeApiServer server = null;
        try {
            client = new KubernetesClientBuilder().withConfig(config()).build();
            server = ComposeApiServer.start(etcd == null ? etcdServers : List.of(etcd.endpoint()), etcdPrefix,
                    new InetSocketAddress(bind, port), keys, client);
        } catch (Exception e) {
            close(server, client, etcd);
            throw e;
        }
        // the JVM halts once the shutdown hooks are done: stop etcd there, not after the wait below
        CountDownLatch stopped = new CountDownLatch(1);
        ComposeApiServer started = server;
        KubernetesClient kube = client;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(started, kube, etcd);
            stopped.countDown();
        }));
        spec.commandLine().getOut().println("kstack apiserver: serving compose.docker.com on https://" + bind + ":"
                + server.port() + ", stacks in etcd " + (etcd == null ? String.join(",", etcdServers)
                : etcd.endpoint() + " (data in " + localEtcd + ")") + " under " + etcdPrefix);
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private static void close(ComposeApiServer server, KubernetesClient client, EtcdProcess etcd) {
        try {
            if (server != null) {
                server.close();
            }
            if (client != null) {
                client.close();
            }
        } finally {
            if (etcd != null) {
                etcd.close();
            }
        }
    }

    private Config config() throws java.io.IOException {
        return kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(Files.readString(kubeconfig));
    }
}
