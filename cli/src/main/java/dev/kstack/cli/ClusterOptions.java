package dev.kstack.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How a command finds its cluster, the way kubectl does: {@code --kubeconfig} (else {@code KUBECONFIG}, else
 * {@code ~/.kube/config}), {@code --context} (else the current context) and {@code -n} (else the context's namespace,
 * else {@code default}). The fabric8 client reads tokens, client certificates, exec credential plugins and OIDC.
 */
public final class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Namespace (default: the context's, else default).")
    String namespace;

    private Config config;

    /** The client configuration; a missing kubeconfig file given with {@code --kubeconfig} is a usage error. */
    public Config config(CommandLine cli) {
        if (config == null) {
            if (kubeconfig != null) {
                if (!Files.isRegularFile(kubeconfig)) {
                    throw new CommandLine.ParameterException(cli, "--kubeconfig: no such file: " + kubeconfig);
                }
                config = Config.fromKubeconfig(context, new File(kubeconfig.toAbsolutePath().toString()));
            } else {
                config = Config.autoConfigure(context);
            }
            // A person is waiting: say at once that the cluster cannot be reached rather than retry for a minute.
            config.setRequestRetryBackoffLimit(1);
        }
        return config;
    }

    public KubernetesClient client(CommandLine cli) {
        return new KubernetesClientBuilder().withHttpClientFactory(SharedVertx.factory()).withConfig(config(cli)).build();
    }

    /** The namespace to work in. */
    public String namespace(CommandLine cli) {
        if (namespace != null && !namespace.isBlank()) {
            return namespace;
        }
        String fromContext = config(cli).getNamespace();
        return fromContext == null || fromContext.isBlank() ? "default" : fromContext;
    }

    /**
     * A short name for the cluster: the context's name and the API server's host and port (two local control planes
     * share the context name {@code kstack-local} but never a port), e.g. {@code kstack-local_127.0.0.1_43889}.
     */
    public String clusterName(CommandLine cli) {
        Config c = config(cli);
        java.net.URI server = java.net.URI.create(c.getMasterUrl());
        String endpoint = server.getHost() + "_" + (server.getPort() > 0 ? server.getPort() : 443);
        if (c.getCurrentContext() != null && c.getCurrentContext().getName() != null) {
            return c.getCurrentContext().getName() + "_" + endpoint;
        }
        return endpoint;
    }
}
