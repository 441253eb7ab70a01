package dev.kstack.cli;

import dev.kstack.api.Stack;
import dev.kstack.apiserver.ApiServiceManifests;
import dev.kstack.apiserver.InClusterManifests;
import dev.kstack.convert.Manifests;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kstack uninstall}: removes what {@code install} put on the cluster. User stacks are kept (the CRD stays, so
 * they stay stored, and their workloads keep running) unless {@code --delete-stacks} is given: then every stack is
 * deleted, its children garbage-collected, and the CRD removed.
 */
@Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove kstack from the cluster.")
final class UninstallCommand extends ClusterCommand {
    @Option(names = "--run-local", description = "Stop the server and controller running on this machine.")
    boolean runLocal;

    @Option(names = "--delete-stacks", description = "Also delete every stack (and what it runs) and the Stack CRD.")
    boolean deleteStacks;

    @Option(names = "--dry-run", description = "Print what would be deleted.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2m",
            description = "How long to wait for stacks to be deleted (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Run-local: the folder given to install.")
    Path stateDir;

    @Override
    protected int run(KubernetesClient client, String ignoredNamespace) {
        RunLocal local = null;
        List<HasMetadata> objects;
        boolean apiServer;
        if (runLocal) {
            String name = cluster.clusterName(spec.commandLine());
            local = new RunLocal(stateDir != null ? stateDir : RunLocal.defaultDir(name), out());
            apiServer = local.apiServerMode();
            objects = local.registeredObjects();
        } else {
            String namespace = InstallCommand.installNamespace(cluster, spec.commandLine());
            apiServer = client.apps().deployments().inNamespace(namespace).withName(ApiServiceManifests.NAME)
                    .get() != null;
            objects = apiServer
                    ? Installer.inClusterApiServer(new InClusterManifests.Options(namespace, "unused", 1, List.of(),
                            "unused"), Installer.apiServerCertificates(null, namespace))
                    : Installer.inCluster(namespace, "unused", 1, Installer.certificates(null, namespace));
        }
        List<HasMetadata> toDelete = new ArrayList<>(objects.stream()
                .filter(o -> deleteStacks || !(o instanceof CustomResourceDefinition))
                .filter(o -> !"Namespace".equals(o.getKind()) || deleteStacks).toList());
        if (dryRun) {
            out().print(Manifests.yaml(toDelete));
            return ExitCodes.OK;
        }
        if (deleteStacks) {
            deleteAllStacks(client, apiServer);
        }
        if (!apiServer && !deleteStacks) {
            new CrdParking(client).park().forEach(out()::println);
        }
        Applier applier = new Applier(client);
        for (int i = toDelete.size() - 1; i >= 0; i--) {
            String done = applier.delete(Installer.forCluster(client, toDelete.get(i)));
            if (!done.isEmpty()) {
                out().println(done);
            }
        }
        if (local != null) {
            local.stop().forEach(out()::println);
        }
        if (apiServer) {
            out().println("kstack is uninstalled (apiserver mode); " + (deleteStacks ? "stacks are deleted"
                    : "stacks stay in its etcd (" + (local != null ? local.dir().resolve("etcd")
                            : "the volume claim of the bundled etcd, or --etcd-servers")
                            + ") and are served again by the next install"));
        } else if (!deleteStacks) {
            int kept = client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() == null
                    ? 0 : new StackStore(client).list(null).size();
            out().println("kstack is uninstalled; " + kept + " stacks kept (the CRD " + StackCrd.NAME
                    + " stays, serving " + StackCrd.storageVersion() + " only; --delete-stacks removes stacks and CRD)");
        } else {
            out().println("kstack is uninstalled; stacks and the CRD " + StackCrd.NAME + " are deleted");
        }
        return ExitCodes.OK;
    }

    private void deleteAllStacks(KubernetesClient client, boolean apiServer) {
        if (!apiServer
                && client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() == null) {
            return;
        }
        StackStore store = new StackStore(client);
        List<Stack> stacks = store.list(null);
        for (Stack s : stacks) {
            store.delete(s.metadata().namespace(), s.metadata().name());
            out().println("stack " + s.metadata().namespace() + "/" + s.metadata().name() + " deleted");
        }
        if (!Waits.until(timeout, () -> store.list(null).isEmpty())) {
            throw new CommandFailure(ExitCodes.FAILURE, "stacks are still being deleted after "
                    + DurationConverter.format(timeout));
        }
    }
}
