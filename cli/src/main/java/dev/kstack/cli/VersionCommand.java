package dev.kstack.cli;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kstack version}: the client's version, and unless {@code --client}, the cluster's Kubernetes version and
 * how the Stack API is served there (which kstack version installed it).
 */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the client and server versions.")
public final class VersionCommand implements Callable<Integer> {
    /** The annotation {@code kstack install} puts on what it installs: the kstack version and the mode. */
    static final String INSTALLED_BY = "kstack.dev/installed-by";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--client", description = "Only the client's version (no cluster needed).")
    boolean clientOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Client: kstack " + clientVersion());
        if (clientOnly) {
            out.flush();
            return ExitCodes.OK;
        }
        try (KubernetesClient client = cluster.client(spec.commandLine())) {
            out.println("Kubernetes: " + client.getKubernetesVersion().getGitVersion());
            out.println("Server: " + stackApi(client));
            out.flush();
            return ExitCodes.OK;
        } catch (KubernetesClientException e) {
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            if (KubeErrors.unreached(e)) {
                err.println("error: no Kubernetes API server was reached at " + cluster.config(spec.commandLine())
                        .getMasterUrl() + " (" + KubeErrors.rootCause(e) + "); 'kstack version --client' needs none");
            } else {
                err.println("error: " + KubeErrors.describe(e));
            }
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    /** How the cluster serves compose.docker.com. */
    static String stackApi(KubernetesClient client) {
        var apiService = client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                .withName("v1alpha3.compose.docker.com").get();
        // The API server registers a local APIService for every CRD group too; an aggregated one names a Service.
        if (apiService != null && apiService.getAdditionalProperties().get("spec") instanceof java.util.Map<?, ?> spec
                && spec.get("service") != null) {
            return "Stack API served by the aggregated API server" + installedBy(apiService.getMetadata());
        }
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("stacks.compose.docker.com").get();
        if (crd == null) {
            return "the Stack API is not installed (kstack install, or kstack install --run-local)";
        }
        return "Stack API served by the CRD stacks.compose.docker.com" + installedBy(crd.getMetadata());
    }

    private static String installedBy(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        String by = meta.getAnnotations() == null ? null : meta.getAnnotations().get(INSTALLED_BY);
        return by == null ? "" : " (installed by " + by + ")";
    }

    /** The version Maven wrote into the jar's resources at build time. */
    static String clientVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/kstack/cli/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    /** Feeds {@code kstack --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kstack " + clientVersion()};
        }
    }
}
