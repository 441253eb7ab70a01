package dev.kstack.cli;

import dev.kstack.convert.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Start-up work a command will need, begun on a second thread while the main thread builds the command line and
 * does the command's own first steps (a command runs on one thread, the machine has more than one core).
 *
 * <p>Only library code runs here, on values of its own: Jackson's first serialization of Kubernetes objects (its
 * static initialization reads the JDK's locale and calendar data; then every serializer of the model is introspected)
 * for {@code convert}; the Kubernetes model classes the client registers when it reads a kubeconfig, and the TLS
 * provider, for the commands that talk to a cluster. The main thread later finds the classes loaded and initialized
 * (or waits for the initialization in progress). Nothing is printed and every failure is ignored: the command does
 * the same work again on its own thread, so the warm-up can only change how soon it is done.
 */
final class StartupWarmup {
    /** What a command warms up. */
    enum Work {
        NONE,
        /** Jackson writing Kubernetes objects ({@code convert}). */
        MANIFESTS,
        /** Reading a kubeconfig and TLS (the commands that talk to a cluster). */
        CLUSTER;

        void run() {
            switch (this) {
                case MANIFESTS -> manifestWriting();
                case CLUSTER -> clusterClient();
                case NONE -> { }
            }
        }
    }

    /** Subcommands (and aliases) that build a Kubernetes client. */
    private static final Set<String> CLUSTER = Set.of("deploy", "rm", "remove", "down", "ls", "list", "ps",
            "services", "logs", "exec", "scale", "install", "uninstall", "status", "version");

    private StartupWarmup() {
    }

    /** Starts the warm-up these arguments call for, if any, on a daemon thread (it never delays the exit). */
    static void start(String... args) {
        Work work = workFor(args);
        if (work == Work.NONE) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable ignored) {
                // the command does this work again on its own thread
            }
        }, "kstack-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** What to warm up for these arguments: nothing for help, completion, {@code version --client}... */
    static Work workFor(String... args) {
        List<String> all = List.of(args);
        if (all.contains("-h") || all.contains("--help") || all.contains("-V") || all.contains("--version")) {
            return Work.NONE;
        }
        String word = KstackCommand.firstWord(args);
        if ("convert".equals(word)) {
            return all.contains("--output-dir") ? Work.NONE : Work.MANIFESTS;
        }
        if (CLUSTER.contains(word) && !("version".equals(word) && all.contains("--client"))) {
            return Work.CLUSTER;
        }
        return Work.NONE;
    }

    /** Writes a Deployment and a Service as {@code convert} does (YAML and JSON share Jackson's set-up). */
    static void manifestWriting() {
        Manifests.yaml(sampleObjects());
    }

    /** Reads an empty kubeconfig (the client's model registry) and initializes TLS. */
    static void clusterClient() {
        new KubernetesSerialization().unmarshal("apiVersion: v1\nkind: Config\n",
                io.fabric8.kubernetes.api.model.Config.class);
        try {
            SSLContext.getInstance("TLS").init(null, null, null);
        } catch (java.security.GeneralSecurityException ignored) {
            // the client reports its own TLS errors
        }
    }

    static List<HasMetadata> sampleObjects() {
        Map<String, String> labels = Map.of("com.docker.service.name", "warm-up");
        return List.of(new DeploymentBuilder()
                .withNewMetadata().withName("warm-up").withLabels(labels).withAnnotations(labels).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("warm-up").withImage("warm-up:1").withArgs("a")
                .addNewPort().withContainerPort(80).withProtocol("TCP").endPort()
                .addNewEnv().withName("A").withValue("b").endEnv()
                .withNewResources().withLimits(Map.of("memory", new Quantity("1Gi"))).endResources()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .withNewReadinessProbe().withNewExec().withCommand("true").endExec().withPeriodSeconds(10)
                .endReadinessProbe()
                .endContainer()
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build(),
                new ServiceBuilder().withNewMetadata().withName("warm-up").withLabels(labels).endMetadata()
                        .withNewSpec().withSelector(labels).addNewPort().withName("80-tcp").withPort(80)
                        .withTargetPort(new IntOrString(80)).withProtocol("TCP").endPort().endSpec().build());
    }
}
