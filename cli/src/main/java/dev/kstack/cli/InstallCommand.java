package dev.kstack.cli;

import dev.kstack.api.Stack;
import dev.kstack.apiserver.ApiServiceManifests;
import dev.kstack.apiserver.ApiServiceRegistration;
import dev.kstack.apiserver.InClusterManifests;
import dev.kstack.convert.Manifests;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kstack install}: puts the Stack API and the controller on a cluster, in the cluster (Deployments) or, with
 * {@code --run-local}, as processes of this machine. Idempotent: installing again upgrades in place and reports
 * each object as created, configured or unchanged.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install kstack on the cluster (the Stack API, its webhook server and the controller).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:installed and ready", "1:the install failed or did not get ready in time", "2:bad usage"})
final class InstallCommand extends ClusterCommand {
    /** How the Stack API is served. */
    enum Mode { CRD, APISERVER }

    static final String DEFAULT_NAMESPACE = "kstack";
    static final String DEFAULT_IMAGE = "kstack/kstack";

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "crd",
            description = "crd (a CustomResourceDefinition with webhooks) or apiserver (an aggregated API server "
                    + "storing stacks in an etcd of its own) (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--etcd-servers", paramLabel = "URL", split = ",", description = "Apiserver mode in the "
            + "cluster: etcd endpoints for the stacks (default: a one-member etcd StatefulSet installed with kstack).")
    List<String> etcdServers = List.of();

    @Option(names = "--etcd-image", paramLabel = "IMAGE", defaultValue = InClusterManifests.DEFAULT_ETCD_IMAGE,
            description = "Apiserver mode in the cluster: image of the bundled etcd (default: ${DEFAULT-VALUE}).")
    String etcdImage;

    @Option(names = "--run-local", description = "Run the server and controller on this machine (for clusters that "
            + "cannot run kstack's images, such as a local development cluster).")
    boolean runLocal;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = DEFAULT_IMAGE,
            description = "Image of kstack (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--tag", paramLabel = "TAG", description = "Image tag (default: this kstack's version).")
    String tag;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "2",
            description = "Replicas of the server and of the controller, spread over nodes "
                    + "(default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--dry-run", description = "Print the manifests instead of applying them.")
    boolean dryRun;

    @Option(names = "--no-wait", description = "Do not wait until kstack is ready.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "3m",
            description = "How long to wait until ready (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Run-local: folder for pids, logs and certificates "
                    + "(default: ${XDG_STATE_HOME:-~/.local/state}/kstack/run-local/<context>).")
    Path stateDir;

    @Option(names = "--tls-certificate-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30d", description = "Run-local: how long each serving certificate the local server "
            + "issues itself is valid; it serves a new one after two thirds of it (default: ${DEFAULT-VALUE}).")
    Duration certificateLifetime;

    @Override
    protected int run(KubernetesClient client, String ignoredNamespace) {
        if (replicas < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--replicas must be at least 1");
        }
        if (!dryRun) {
            refuseOtherMode(client);
        }
        if (runLocal) {
            return installRunLocal(client);
        }
        if (replicas == 1) {
            err().println("warning: --replicas 1: while the one server pod is down (a node drain, a crash, a rollout)"
                    + " Stack writes" + (mode == Mode.APISERVER ? ", reads" : "") + " and conversions fail and"
                    + " kube-controller-manager's garbage collector cannot list stacks, which stops garbage collection"
                    + " for the whole cluster; use at least 2");
        }
        String namespace = installNamespace(cluster, spec.commandLine());
        String imageRef = image + ":" + (tag == null ? VersionCommand.clientVersion() : tag);
        if (mode == Mode.APISERVER) {
            return installApiServer(client, namespace, imageRef);
        }
        List<HasMetadata> objects = Installer.inCluster(namespace, imageRef,
                replicas, Installer.certificates(dryRun ? null : client, namespace));
        if (dryRun) {
            out().print(Manifests.yaml(objects));
            return ExitCodes.OK;
        }
        Applier applier = new Applier(client);
        objects.forEach(o -> out().println(applier.apply(Installer.forCluster(client, o))));
        out().flush();
        if (!noWait) {
            boolean ready = Waits.until(timeout, () -> Installer.unavailable(client, namespace).isEmpty()
                    && Installer.stackApiServed(client));
            if (!ready) {
                err().println("error: kstack is not ready after " + DurationConverter.format(timeout)
                        + "; not available: " + String.join(", ", Installer.unavailable(client, namespace))
                        + " (kubectl -n " + namespace + " get pods)");
                return ExitCodes.FAILURE;
            }
        }
        out().println("kstack " + VersionCommand.clientVersion() + " is installed in namespace " + namespace
                + " (image " + imageRef + ")" + (noWait ? "" : " and ready"));
        return ExitCodes.OK;
    }

    /**
     * An install of the other mode (in the cluster or run-local) would leave two servers claiming the group, one of
     * them shadowed: the aggregator routes a version to an APIService over a CRD. Refused with what to do instead.
     */
    private void refuseOtherMode(KubernetesClient client) {
        if (mode == Mode.APISERVER) {
            if (client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() != null) {
                throw new CommandFailure(ExitCodes.FAILURE, "the cluster serves " + StackCrd.NAME + " as a CRD; the"
                        + " aggregated API cannot take the group over (uninstall CRD mode with --delete-stacks first)");
            }
            return;
        }
        var aggregated = ApiServiceRegistration.aggregated(client);
        if (!aggregated.isEmpty()) {
            throw new CommandFailure(ExitCodes.FAILURE, "kstack serves " + Stack.GROUP + " in apiserver mode (APIService"
                    + " " + String.join(", ", aggregated.keySet()) + " -> Service " + aggregated.values().iterator().next()
                    + "), which would shadow a CRD: run 'kstack uninstall' (with --run-local when it runs locally)"
                    + " first; the stacks stay in its etcd");
        }
    }

    private int installRunLocal(KubernetesClient client) {
        String name = cluster.clusterName(spec.commandLine());
        RunLocal local = new RunLocal(stateDir != null ? stateDir : RunLocal.defaultDir(name), out());
        if (dryRun) {
            out().print(Manifests.yaml(local.registeredObjects(mode == Mode.APISERVER)));
            return ExitCodes.OK;
        }
        var environment = RunLocal.environment(local.dir(), cluster.kubeconfig, cluster.context);
        if (mode == Mode.APISERVER) {
            local.installApiServer(client, environment, timeout, certificateLifetime);
        } else {
            local.install(client, environment, timeout, certificateLifetime);
        }
        out().println("kstack " + VersionCommand.clientVersion() + " is running locally for cluster " + name
                + " (state in " + local.dir() + ")");
        return ExitCodes.OK;
    }

    /** In-cluster apiserver mode: the API server (and etcd unless --etcd-servers), its APIServices, the controller. */
    private int installApiServer(KubernetesClient client, String namespace, String imageRef) {
        List<HasMetadata> objects = Installer.inClusterApiServer(new InClusterManifests.Options(namespace, imageRef,
                replicas, etcdServers, etcdImage), Installer.apiServerCertificates(dryRun ? null : client, namespace));
        if (dryRun) {
            out().print(Manifests.yaml(objects));
            return ExitCodes.OK;
        }
        // The APIServices once a server pod is available, and the controller (it lists stacks as it starts) once they
        // are: the aggregator dials the Service as soon as an APIService names it, and a connection opened before
        // kube-proxy routes the Service IP may never reach a pod (on the real node it left the machine and the
        // aggregator kept reusing it, answered 404 from elsewhere).
        List<Integer> registration = java.util.stream.IntStream.range(0, objects.size())
                .filter(i -> "APIService".equals(objects.get(i).getKind())).boxed().toList();
        int first = registration.get(0);
        int afterLast = registration.get(registration.size() - 1) + 1;
        List<HasMetadata> server = objects.subList(0, first);
        List<HasMetadata> apiServices = objects.subList(first, afterLast);
        List<HasMetadata> controller = objects.subList(afterLast, objects.size());
        long start = System.nanoTime();
        apply(client, server);
        if (!noWait && !Waits.until(timeout, () -> Installer.unavailable(client, namespace,
                List.of(ApiServiceManifests.NAME)).isEmpty())) {
            err().println("error: the kstack API server is not available after " + DurationConverter.format(timeout)
                    + "; its APIServices are not registered (kubectl -n " + namespace + " get pods)");
            return ExitCodes.FAILURE;
        }
        apply(client, apiServices);
        if (!noWait) {
            Waits.until(remaining(start), () -> ApiServiceRegistration.unavailable(client).isEmpty());
        }
        apply(client, controller);
        List<String> deployments = List.of(ApiServiceManifests.NAME, ControllerManifests.NAME);
        if (!noWait) {
            boolean ready = Waits.until(remaining(start),
                    () -> Installer.unavailable(client, namespace, deployments).isEmpty()
                    && ApiServiceRegistration.unavailable(client).isEmpty());
            if (!ready) {
                err().println("error: kstack is not ready after " + DurationConverter.format(timeout)
                        + "; not available: " + String.join(", ", Installer.unavailable(client, namespace, deployments))
                        + " " + ApiServiceRegistration.unavailable(client) + " (kubectl -n " + namespace
                        + " get pods; kubectl get apiservice)");
                return ExitCodes.FAILURE;
            }
        }
        out().println("kstack " + VersionCommand.clientVersion() + " is installed in namespace " + namespace
                + " in apiserver mode (image " + imageRef + ")" + (noWait ? "" : " and ready"));
        return ExitCodes.OK;
    }

    private void apply(KubernetesClient client, List<HasMetadata> objects) {
        objects.forEach(o -> out().println(Applier.describe(o) + " "
                + ApiServiceRegistration.apply(client, Installer.forCluster(client, o), Applier.FIELD_MANAGER)));
        out().flush();
    }

    /** What is left of --timeout since {@code start} (at least a second: a zero timeout would wait for ever). */
    private Duration remaining(long start) {
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /** Where an in-cluster install lives: {@code -n} when given, else {@value #DEFAULT_NAMESPACE}. */
    static String installNamespace(ClusterOptions cluster, CommandLine cli) {
        return cluster.namespace != null && !cluster.namespace.isBlank() ? cluster.namespace : DEFAULT_NAMESPACE;
    }
}
