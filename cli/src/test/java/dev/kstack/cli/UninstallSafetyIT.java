package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.server.StackCrd;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uninstalling kstack leaves a cluster whose garbage collection and namespace deletion work, also after
 * kube-apiserver and kube-controller-manager restart (every resource listed afresh), in CRD mode and API server mode,
 * run-local; a later install serves the kept stacks again; {@code kstack status} names a dead webhook server and what it blocks.
 * The tests share install cycles and run in order.
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UninstallSafetyIT {
    private static final String STACK_NS = "safety-stacks";

    @TempDir
    static Path dir;

    LocalCluster cluster;
    KubernetesClient client;
    String kubeconfig;
    Path compose;
    int round;

    @BeforeAll
    void setUp(LocalCluster cluster, KubernetesClient client) throws IOException {
        this.cluster = cluster;
        this.client = client;
        kubeconfig = cluster.kubeconfig().toString();
        compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, "services:\n  web:\n    image: nginx:1.25\n");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(STACK_NS).endMetadata()
                .build()).serverSideApply();
    }

    Cli.Run kstack(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig;
        return Cli.run(all);
    }

    static Cli.Run ok(Cli.Run run) {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return run;
    }

    @Test
    @Order(1)
    void crdModeUninstallKeepingStacksLeavesGarbageCollectionWorkingAndReinstallServesThemAgain() throws Exception {
        Path state = dir.resolve("crd");
        ok(kstack("install", "--run-local", "--state-dir", state.toString()));
        ok(kstack("deploy", "-d", "-n", STACK_NS, "-c", compose.toString(), "kept"));

        Cli.Run uninstall = ok(kstack("uninstall", "--run-local", "--state-dir", state.toString()));
        assertThat(uninstall.out()).contains("1 stacks kept", "conversion webhook removed");
        var crd = client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get();
        assertThat(crd.getSpec().getConversion().getStrategy()).isEqualTo("None");
        assertThat(crd.getSpec().getVersions()).filteredOn(v -> v.getServed()).extracting(v -> v.getName())
                .containsExactly(StackCrd.V1ALPHA3);
        assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("kstack-server").get())
                .isNull();
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server")
                .get()).isNull();
        assertThat(ok(kstack("status")).out()).contains("nothing of compose.docker.com is registered");

        assertHealthyAfterControlPlaneRestart();
        assertThat(client.genericKubernetesResources(StackStore.CONTEXT).inNamespace(STACK_NS).withName("kept").get())
                .as("the kept stack, read in the storage version").isNotNull();

        ok(kstack("install", "--run-local", "--state-dir", state.toString()));
        var restored = client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get();
        assertThat(restored.getSpec().getConversion().getStrategy()).isEqualTo("Webhook");
        assertThat(restored.getSpec().getVersions()).allMatch(v -> v.getServed());
        String v1beta2 = client.raw("/apis/compose.docker.com/v1beta2/namespaces/" + STACK_NS + "/stacks/kept");
        assertThat(v1beta2).contains("\"apiVersion\":\"compose.docker.com/v1beta2\"", "nginx:1.25");

        // the other mode over this one is refused before anything changes, in the cluster as run-local
        for (String[] other : List.of(new String[] {"--run-local", "--state-dir", dir.resolve("other").toString()},
                new String[] {"-n", "kstack-other", "--no-wait"})) {
            Cli.Run apiServer = kstack(concat(new String[] {"install", "--mode", "apiserver"}, other));
            assertThat(apiServer.exit()).as(apiServer.out() + apiServer.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(apiServer.err()).contains("the cluster serves " + StackCrd.NAME + " as a CRD",
                    "uninstall CRD mode with --delete-stacks first");
        }
        assertThat(dev.kstack.apiserver.ApiServiceRegistration.aggregated(client)).as("APIServices naming a server")
                .isEmpty();
        assertThat(client.namespaces().withName("kstack-other").get()).isNull();
        assertThat(Files.exists(dir.resolve("other"))).isFalse();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    @Order(2)
    void statusReportsAKilledWebhookServerAndWhatItBlocks() throws Exception {
        Path state = dir.resolve("crd");
        Cli.Run healthy = kstack("status");
        assertThat(healthy.exit()).as(healthy.out()).isZero();
        assertThat(healthy.out()).contains("conversion webhook", "mutating webhook", "validating webhook")
                .doesNotContain("DOWN");

        long pid = Long.parseLong(Files.readString(state.resolve("server.pid")).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        server.destroyForcibly();
        server.onExit().join();

        Cli.Run dead = kstack("status");
        assertThat(dead.exit()).as(dead.out()).isEqualTo(ExitCodes.FAILURE);
        assertThat(dead.out()).contains("conversion webhook crd/" + StackCrd.NAME + " down",
                "garbage collection stops for the whole cluster", "Stack creates and updates are refused",
                "3 of 3 registered servers do not answer");

        ok(kstack("install", "--run-local", "--state-dir", state.toString()));
        assertThat(ok(kstack("status")).out()).doesNotContain("DOWN");
    }

    @Test
    @Order(3)
    void crdModeUninstallDeletingStacksLeavesGarbageCollectionWorking() throws Exception {
        Path state = dir.resolve("crd");
        Cli.Run uninstall = ok(kstack("uninstall", "--run-local", "--delete-stacks", "--state-dir", state.toString()));
        assertThat(uninstall.out()).contains("stack " + STACK_NS + "/kept deleted");
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get()).isNull();
        assertHealthyAfterControlPlaneRestart();
    }

    @Test
    @Order(4)
    void apiServerModeUninstallRemovesTheApiServicesAndReinstallServesTheStacksAgain() throws Exception {
        Path state = dir.resolve("apiserver");
        ok(kstack("install", "--mode", "apiserver", "--run-local", "--state-dir", state.toString()));
        ok(kstack("deploy", "-d", "-n", STACK_NS, "-c", compose.toString(), "kept"));

        Cli.Run uninstall = ok(kstack("uninstall", "--run-local", "--state-dir", state.toString()));
        assertThat(uninstall.out()).contains("stacks stay in its etcd (" + state.resolve("etcd") + ")");
        assertThat(apiServices()).isEmpty();
        assertHealthyAfterControlPlaneRestart();

        ok(kstack("install", "--mode", "apiserver", "--run-local", "--state-dir", state.toString()));
        String v1beta2 = client.raw("/apis/compose.docker.com/v1beta2/namespaces/" + STACK_NS + "/stacks/kept");
        assertThat(v1beta2).contains("\"apiVersion\":\"compose.docker.com/v1beta2\"", "nginx:1.25");

        Cli.Run crdMode = kstack("install", "--run-local", "--state-dir", dir.resolve("other").toString());
        assertThat(crdMode.exit()).as(crdMode.out() + crdMode.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(crdMode.err()).contains("kstack serves compose.docker.com in apiserver mode", "would shadow a CRD");
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get()).isNull();

        ok(kstack("uninstall", "--run-local", "--delete-stacks", "--state-dir", state.toString()));
        assertThat(apiServices()).isEmpty();
        assertHealthyAfterControlPlaneRestart();
    }

    /**
     * In-cluster CRD mode, as far as this control plane goes (no kstack image runs here, so no server answers): install
     * applies the disruption budget in the version the cluster serves, and uninstall parks the CRD and removes the
     * webhooks, the budget and the Deployments.
     */
    @Test
    @Order(5)
    void inClusterUninstallParksTheCrdAndRemovesWebhooksBudgetAndDeployments() {
        String ns = "safety-in-cluster";
        ok(kstack("install", "-n", ns, "--no-wait"));
        assertThat(client.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("kstack-server").get())
                .as("kube-apiserver 1.20 serves policy/v1beta1 only").isNotNull()
                .satisfies(pdb -> assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
        assertThat(client.apps().deployments().inNamespace(ns).withName("kstack-server").get().getSpec()
                .getReplicas()).isEqualTo(2);

        Cli.Run uninstall = ok(kstack("uninstall", "-n", ns));
        assertThat(uninstall.out()).contains("conversion webhook removed", "poddisruptionbudget/kstack-server deleted");
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get()
                .getSpec().getConversion().getStrategy()).isEqualTo("None");
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server")
                .get()).isNull();
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.policy().v1beta1().podDisruptionBudget().inNamespace(ns).list().getItems()).isEmpty();

        ok(kstack("uninstall", "-n", ns, "--delete-stacks"));
        // the CRD's deletion ends once kube-apiserver's finalizer has removed its (here: no) stacks
        Await.until(Duration.ofSeconds(30), "the Stack CRD deleted",
                () -> client.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() == null);
    }

    private List<String> apiServices() {
        return client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService").list().getItems()
                .stream().map(a -> a.getMetadata().getName()).filter(n -> n.endsWith(".compose.docker.com")).toList();
    }

    private void assertHealthyAfterControlPlaneRestart() throws IOException {
        ClusterHealth.assertHealthyAfterControlPlaneRestart(cluster, client, "safety-gc-" + (++round));
    }
}
