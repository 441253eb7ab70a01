package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.kstack.convert.StackLabels;
import dev.kstack.server.ServingCa;
import dev.kstack.server.StackCrd;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.DockerCli;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.RealNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kstack itself runs in the cluster, on the real node, from its own image (built from this build's distribution
 * archive on Debian's JRE, {@link KstackImage}): {@code kstack install} (CRD mode) runs the webhook server and the
 * controller as pods (two replicas each, one controller leading, a disruption budget); a stack deploys through them
 * with {@code kstack deploy} and with the real Docker CLI 20.10; killing one server replica and the leading controller
 * leaves writes, conversions and deploys working; {@code kstack uninstall} removes them and, keeping the stacks, leaves
 * a cluster whose garbage collection works after a control-plane restart. The tests share the cluster, the image and
 * the Docker CLI, and run in order.
 */
@ExtendWith(LocalClusterExtension.class)
@RealNode
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InClusterRealNodeIT {
    private static final Duration READY = Duration.ofMinutes(3);
    private static final String CRD_NS = "kstack";
    private static final String APPS = "incluster-apps";
    private static final String API_NS = "kstack-api";
    private static final String API_APPS = "incluster-apiserver-apps";
    private static final String ETCD_IMAGE = "kstack.local/etcd:3.4";
    private static final Duration DOCKER_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    LocalCluster cluster;
    KubernetesClient admin;
    String kubeconfig;
    KstackImage image;
    DockerCli docker;
    int round;

    @BeforeAll
    void setUp(LocalCluster cluster, KubernetesClient admin) throws Exception {
        this.cluster = cluster;
        this.admin = admin;
        kubeconfig = cluster.kubeconfig().toString();
        image = KstackImage.build(cluster);
        docker = DockerCli.start(cluster, dir.resolve("docker"));
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(APPS).endMetadata().build())
                .serverSideApply();
    }

    /**
     * A compose file both clients take: one busybox web server, named {@code service}, whose healthcheck gates its
     * readiness. Stacks of one namespace need services of their own names (the server refuses a second "web").
     */
    Path compose(String service) throws java.io.IOException {
        Path file = dir.resolve(service + ".yml");
        Files.writeString(file, """
                version: "3.8"
                services:
                  %s:
                    image: busybox:1.35
                    command: ["httpd", "-f", "-p", "8080", "-h", "/etc"]
                    healthcheck:
                      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/hostname"]
                      interval: 2s
                """.formatted(service));
        return file;
    }

    @AfterAll
    void tearDown() {
        if (docker != null) {
            docker.close();
        }
    }

    Cli.Run kstack(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig));
        return Cli.run(all.toArray(String[]::new));
    }

    static Cli.Run ok(Cli.Run run) {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return run;
    }

    @Test
    @Order(1)
    void crdModeRunsServerAndControllerAsPodsAndStacksDeployThroughThem() throws Exception {
        List<String> install = new ArrayList<>(List.of("install", "-n", CRD_NS, "--timeout", "5m"));
        install.addAll(image.installOptions());
        Cli.Run installed = ok(kstack(install.toArray(String[]::new)));
        assertThat(installed.out()).contains("is installed in namespace " + CRD_NS + " (image " + image.ref()
                + ") and ready");

        Await.until(READY, "two ready kstack-server pods", () -> readyPods(CRD_NS, "kstack-server").size() == 2);
        String leader = assertOneLeadingController(CRD_NS);
        // the budget counts the two real pods: one may be disrupted
        Await.until(READY, "the budget of kstack-server allows one disruption", () -> {
            var pdb = admin.policy().v1beta1().podDisruptionBudget().inNamespace(CRD_NS).withName("kstack-server")
                    .get();
            return pdb != null && pdb.getStatus() != null && pdb.getStatus().getCurrentHealthy() == 2
                    && pdb.getStatus().getDisruptionsAllowed() == 1;
        });

        Cli.Run deploy = ok(kstack("deploy", "-n", APPS, "-c", compose("kweb").toString(), "--timeout", "3m",
                "bykstack"));
        assertThat(deploy.out()).contains("kweb: Ready").endsWith("Stack bykstack is stable and running\n");
        Await.until(READY, "stack bykstack Available", () -> kstack("ls", "-n", APPS).out()
                .lines().anyMatch(l -> l.startsWith("bykstack ") && l.contains("Available")));
        // the mutating webhook (a pod) recorded the author, the controller (a pod) created the workload
        assertThat(admin.genericKubernetesResources(StackStore.CONTEXT).inNamespace(APPS).withName("bykstack").get()
                .getMetadata().getAnnotations()).containsKey(dev.kstack.api.StackAuthor.ANNOTATION);

        Path kc = docker.kubeconfig(APPS);
        String deployed = docker(kc, "stack", "deploy", "--orchestrator=kubernetes", "-c", compose("dweb").toString(),
                "bydocker");
        assertThat(deployed).contains("Waiting for the stack to be stable and running...", "dweb: Ready",
                "Stack bydocker is stable and running");
        assertThat(docker(kc, "stack", "ls", "--orchestrator=kubernetes"))
                .containsPattern("bydocker\\s+1\\s+Kubernetes");
        // what the Docker CLI wrote in v1beta2 reads back in the other versions (conversion by the server pods)
        assertThat(admin.raw("/apis/compose.docker.com/v1beta1/namespaces/" + APPS + "/stacks/bydocker"))
                .contains("\"apiVersion\":\"compose.docker.com/v1beta1\"", "busybox:1.35");

        // the example application deploys through the server and controller pods and answers on its published port
        String notesNs = "incluster-notes";
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(notesNs).endMetadata().build())
                .serverSideApply();
        String[] notes = {"--kubeconfig", kubeconfig, "-n", notesNs};
        NotesRealNodeIT.deployAndPostANote(notes);
        NotesRealNodeIT.removeAndAwaitNoPods(admin, notesNs, notes);

        // the Docker CLI deploys the same application (its compose 3.8 form) through the same pods
        Path notesKc = docker.kubeconfig(notesNs);
        assertThat(docker(notesKc, "stack", "deploy", "--orchestrator=kubernetes", "-c",
                NotesRealNodeIT.NOTES_FOR_DOCKER.toString(), "notes"))
                .contains("service \"api\": depends_on are ignored", "Stack notes is stable and running");
        NotesRealNodeIT.postANoteRetrying(Duration.ofSeconds(60));
        docker(notesKc, "stack", "rm", "--orchestrator=kubernetes", "notes");
        Await.until(READY, "no pod of the Docker CLI's notes left", () -> admin.pods().inNamespace(notesNs)
                .withLabel(StackLabels.STACK, "notes").list().getItems().isEmpty());

        // meanwhile the leader has renewed its Lease (a PATCH its ClusterRole must allow) and kept it, no pod restarted
        var lease = admin.leases().inNamespace(CRD_NS).withName("kstack-controller").get();
        assertThat(lease.getSpec().getRenewTime()).isAfter(lease.getSpec().getAcquireTime());
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader);
        assertThat(pods(CRD_NS, null)).allSatisfy(p -> assertThat(p.getStatus().getContainerStatuses())
                .allSatisfy(c -> assertThat(c.getRestartCount()).as(p.getMetadata().getName() + " restarts").isZero()));
    }

    @Test
    @Order(2)
    void killingOneServerReplicaAndTheLeadingControllerLeavesWritesConversionsAndDeploysWorking() throws Exception {
        List<Pod> servers = readyPods(CRD_NS, "kstack-server");
        assertThat(servers).hasSize(2);
        String killedServer = servers.get(0).getMetadata().getName();
        String leader = assertOneLeadingController(CRD_NS);
        KstackImage.kill(killedServer, "server");
        KstackImage.kill(leader, "controller");

        // Right after the kill: creates (both admission webhooks) and reads in every version (conversion). Until the
        // killed pod is out of the Service's endpoints on this node (kubelet, endpoints controller, kube-proxy: a
        // second, or several on a loaded machine), some of kube-apiserver's webhook calls are refused; kstack deploy
        // sends such a write again (StackStore), and a plain read is asked again here as any client would.
        for (int i = 1; i <= 5; i++) {
            String name = "after-kill-" + i;
            Cli.Run created = kstack("deploy", "-d", "-n", APPS, "-c", compose("ak" + i).toString(), name);
            assertThat(created.exit()).as("write " + i + " after the kill: " + created.out() + created.err()).isZero();
            for (String version : StackCrd.VERSIONS) {
                String path = "/apis/compose.docker.com/" + version + "/namespaces/" + APPS + "/stacks/" + name;
                Await.until(Duration.ofSeconds(30), "stack " + name + " read in " + version + " after the kill",
                        () -> admin.raw(path) != null && admin.raw(path).contains("\"name\":\"" + name + "\""));
            }
        }
        // the other controller takes the lease (or the killed one, restarted, takes it back) and reconciles
        Cli.Run deploy = ok(kstack("deploy", "-n", APPS, "-c", compose("akweb").toString(), "--timeout", "3m",
                "after-kill"));
        assertThat(deploy.out()).endsWith("Stack after-kill is stable and running\n");
        for (int i = 1; i <= 5; i++) {
            String name = "after-kill-" + i;
            Await.until(READY, "a ready pod of stack " + name, () -> admin.pods().inNamespace(APPS)
                    .withLabel(StackLabels.STACK, name).list().getItems().stream().anyMatch(Readiness::isPodReady));
        }
        Await.until(READY, "both kstack-server pods ready again (the killed container restarted)",
                () -> readyPods(CRD_NS, "kstack-server").size() == 2);
        assertOneLeadingController(CRD_NS);
    }

    @Test
    @Order(3)
    void crdModeUninstallRemovesThePodsKeepsTheStacksAndLeavesTheClusterHealthy() throws Exception {
        int stacks = new StackStore(admin).list(null).size();
        Cli.Run uninstall = ok(kstack("uninstall", "-n", CRD_NS));
        assertThat(uninstall.out()).contains(stacks + " stacks rewritten in the storage version",
                "conversion webhook removed",
                "deployment/kstack-server deleted", "deployment/kstack-controller deleted",
                "poddisruptionbudget/kstack-server deleted", stacks + " stacks kept");
        Await.until(READY, "no kstack pod left", () -> admin.pods().inNamespace(CRD_NS).list().getItems().isEmpty());
        assertThat(admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName("kstack-server").get())
                .isNull();
        assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server").get())
                .isNull();
        var crd = admin.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get();
        assertThat(crd.getSpec().getConversion().getStrategy()).isEqualTo("None");
        // the stacks' workloads keep running
        assertThat(readyPods(APPS, null)).extracting(p -> p.getMetadata().getLabels().get(StackLabels.STACK))
                .contains("bykstack", "bydocker", "after-kill");

        ClusterHealth.assertHealthyAfterControlPlaneRestart(cluster, admin, "incluster-gc-" + (++round));
        GenericKubernetesResource kept = admin.genericKubernetesResources(StackStore.CONTEXT).inNamespace(APPS)
                .withName("bydocker").get();
        assertThat(kept).as("the stack written by the Docker CLI, kept in the storage version").isNotNull();

        Cli.Run purge = ok(kstack("uninstall", "-n", CRD_NS, "--delete-stacks"));
        assertThat(purge.out()).contains("stack " + APPS + "/bykstack deleted");
        Await.until(READY, "the Stack CRD deleted",
                () -> admin.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get() == null);
        Await.until(READY, "no pod of a stack left", () -> admin.pods().inNamespace(APPS).list().getItems().stream()
                .noneMatch(p -> p.getMetadata().getLabels().containsKey(StackLabels.STACK)));
    }

    @Test
    @Order(4)
    void apiServerModeRunsTheApiServerAndEtcdAsPodsAndStacksDeployThroughThem() throws Exception {
        List<String> install = new ArrayList<>(List.of("install", "--mode", "apiserver", "-n", API_NS,
                "--etcd-image", ETCD_IMAGE, "--timeout", "5m"));
        install.addAll(image.installOptions());
        Cli.Run installed = ok(kstack(install.toArray(String[]::new)));
        assertThat(installed.out()).contains("is installed in namespace " + API_NS + " in apiserver mode (image "
                + image.ref() + ") and ready");
        Await.until(READY, "two ready kstack-apiserver pods", () -> readyPods(API_NS, "kstack-apiserver").size() == 2);
        assertThat(readyPods(API_NS, "kstack-etcd")).hasSize(1);
        assertThat(admin.persistentVolumeClaims().inNamespace(API_NS).withName("data-kstack-etcd-0").get().getStatus()
                .getPhase()).as("the etcd's claim, bound by the node's provisioner").isEqualTo("Bound");
        assertOneLeadingController(API_NS);
        assertThat(apiServices()).hasSize(3).allSatisfy(a -> assertThat(available(a)).as(a.getMetadata().getName())
                .isTrue());
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(API_APPS).endMetadata().build())
                .serverSideApply();

        Cli.Run deploy = ok(kstack("deploy", "-n", API_APPS, "-c", compose("kweb").toString(), "--timeout", "3m",
                "bykstack"));
        assertThat(deploy.out()).endsWith("Stack bykstack is stable and running\n");
        // the example application, through the API server and controller pods
        String[] notes = {"--kubeconfig", kubeconfig, "-n", API_APPS};
        NotesRealNodeIT.deployAndPostANote(notes);
        NotesRealNodeIT.removeAndAwaitNoPods(admin, API_APPS, notes);
        String deployed = docker(docker.kubeconfig(API_APPS), "stack", "deploy", "--orchestrator=kubernetes", "-c",
                compose("dweb").toString(), "bydocker");
        assertThat(deployed).contains("dweb: Ready", "Stack bydocker is stable and running");
        assertThat(admin.raw("/apis/compose.docker.com/v1beta1/namespaces/" + API_APPS + "/stacks/bydocker"))
                .contains("\"apiVersion\":\"compose.docker.com/v1beta1\"", "busybox:1.35");

        // one of the two API servers killed: the other serves reads and writes
        KstackImage.kill(readyPods(API_NS, "kstack-apiserver").get(0).getMetadata().getName(), "apiserver");
        for (int i = 1; i <= 3; i++) {
            String name = "after-kill-" + i;
            Cli.Run created = kstack("deploy", "-d", "-n", API_APPS, "-c", compose("ak" + i).toString(), name);
            assertThat(created.exit()).as("write " + i + " after the kill: " + created.out() + created.err()).isZero();
            assertThat(admin.raw("/apis/compose.docker.com/v1beta2/namespaces/" + API_APPS + "/stacks/" + name))
                    .as("stack %s read after the kill", name).contains("\"name\":\"" + name + "\"");
        }
        Await.until(READY, "both kstack-apiserver pods ready again",
                () -> readyPods(API_NS, "kstack-apiserver").size() == 2);
    }

    @Test
    @Order(5)
    void apiServerModeUninstallRemovesTheApiServicesAndTheClusterStaysHealthy() throws Exception {
        Cli.Run uninstall = ok(kstack("uninstall", "-n", API_NS));
        assertThat(uninstall.out()).contains("deployment/kstack-apiserver deleted", "statefulset/kstack-etcd deleted",
                "stacks stay in its etcd (the volume claim of the bundled etcd");
        assertThat(apiServices()).isEmpty();
        Await.until(READY, "no kstack pod left", () -> pods(API_NS, null).isEmpty());
        assertThat(admin.persistentVolumeClaims().inNamespace(API_NS).withName("data-kstack-etcd-0").get())
                .as("the etcd's claim, kept with the stacks").isNotNull();
        ClusterHealth.assertHealthyAfterControlPlaneRestart(cluster, admin, "incluster-gc-" + (++round));

        // the next install serves the kept stacks again (from the claim's data); then uninstall deletes them
        List<String> install = new ArrayList<>(List.of("install", "--mode", "apiserver", "-n", API_NS,
                "--etcd-image", ETCD_IMAGE, "--timeout", "5m"));
        install.addAll(image.installOptions());
        ok(kstack(install.toArray(String[]::new)));
        assertThat(admin.raw("/apis/compose.docker.com/v1beta2/namespaces/" + API_APPS + "/stacks/bydocker"))
                .contains("\"apiVersion\":\"compose.docker.com/v1beta2\"", "busybox:1.35");
        Cli.Run purge = ok(kstack("uninstall", "-n", API_NS, "--delete-stacks"));
        assertThat(purge.out()).contains("stack " + API_APPS + "/bydocker deleted", "stacks are deleted");
        assertThat(apiServices()).isEmpty();
        Await.until(READY, "namespace " + API_NS + " deleted", () -> admin.namespaces().withName(API_NS).get() == null);
        ClusterHealth.assertHealthyAfterControlPlaneRestart(cluster, admin, "incluster-gc-" + (++round));
        admin.namespaces().withName(API_APPS).delete();
        Await.until(READY, "namespace " + API_APPS + " deleted",
                () -> admin.namespaces().withName(API_APPS).get() == null);
    }

    @Test
    @Order(6)
    void theHelmChartBringsUpTheSameAndKstackUninstallRemovesIt() throws Exception {
        String ns = "kstack-helm";
        ServingCa ca = ServingCa.generate();
        Path caFile = Files.writeString(dir.resolve("helm-ca.crt"), ca.certificatePem());
        Path keyFile = Files.writeString(dir.resolve("helm-ca.key"), ca.keyPem());
        // Helm's own install (its library in-process), as `helm install kstack deploy/helm/kstack -n kstack-helm
        // --create-namespace --set image.repository=... --set image.tag=... --set-file tls.ca=...
        // --set-file tls.caKey=...`
        Release release = new Helm(KstackImage.ROOT.resolve("deploy/helm/kstack")).install().withName("kstack")
                .withNamespace(ns).createNamespace().withKubeConfig(cluster.kubeconfig())
                .set("image.repository", image.repository()).set("image.tag", image.tag())
                .setFile("tls.ca", caFile).setFile("tls.caKey", keyFile).call();
        assertThat(release.getStatus()).isEqualTo("deployed");

        bringsUpTheSame(ns, "helm-apps");

        // kstack uninstall parks or, here, deletes what the chart installed; helm uninstall then finds it gone
        ok(kstack("uninstall", "-n", ns, "--delete-stacks"));
        Helm.uninstall("kstack").withNamespace(ns).withKubeConfig(cluster.kubeconfig()).ignoreNotFound().call();
        assertNothingOfKstackLeft(ns);
    }

    @Test
    @Order(7)
    void thePlainManifestsBringUpTheSameAndKstackUninstallRemovesThem() throws Exception {
        String ns = "kstack-plain";
        ServingCa ca = ServingCa.generate();
        // as docs/operations.md says: envsubst < deploy/kstack.yaml | kubectl apply -f -
        ProcessBuilder apply = new ProcessBuilder("sh", "-c", "envsubst < deploy/kstack.yaml | kubectl --kubeconfig \""
                + kubeconfig + "\" apply -f -").directory(KstackImage.ROOT.toFile()).redirectErrorStream(true);
        apply.environment().putAll(java.util.Map.of("KSTACK_NAMESPACE", ns, "KSTACK_IMAGE", image.ref(),
                "KSTACK_REPLICAS", "2", "KSTACK_CA_BUNDLE", ca.caBundle(),
                "KSTACK_CA_PEM", ca.certificatePem().replace("\n", "\\n"),
                "KSTACK_CA_KEY_PEM", ca.keyPem().replace("\n", "\\n"),
                "KSTACK_PDB_API_VERSION", admin.supports("policy/v1", "PodDisruptionBudget") ? "policy/v1"
                        : "policy/v1beta1"));
        Process p = apply.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("deployment.apps/kstack-server created",
                "poddisruptionbudget.policy/kstack-server created");

        bringsUpTheSame(ns, "plain-apps");

        ok(kstack("uninstall", "-n", ns, "--delete-stacks"));
        assertNothingOfKstackLeft(ns);
        // in-cluster CRD mode with --delete-stacks leaves a healthy cluster too
        ClusterHealth.assertHealthyAfterControlPlaneRestart(cluster, admin, "incluster-gc-" + (++round));
    }

    /**
     * What {@code kstack install} brings up, installed another way into {@code ns}: two ready server pods behind a
     * budget, two controllers with one leading, the notes example deployed by kstack and answering, and a stack deployed
     * by the Docker CLI.
     */
    private void bringsUpTheSame(String ns, String apps) throws Exception {
        Await.until(READY, "two ready kstack-server pods in " + ns, () -> readyPods(ns, "kstack-server").size() == 2);
        assertOneLeadingController(ns);
        Await.until(READY, "the budget of kstack-server allows one disruption", () -> {
            var pdb = admin.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("kstack-server").get();
            return pdb != null && pdb.getStatus() != null && pdb.getStatus().getDisruptionsAllowed() == 1;
        });
        Await.until(READY, "the Stack API served in every version", () -> Installer.stackApiServed(admin));
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(apps).endMetadata().build())
                .serverSideApply();
        String[] notes = {"--kubeconfig", kubeconfig, "-n", apps};
        NotesRealNodeIT.deployAndPostANote(notes);
        NotesRealNodeIT.removeAndAwaitNoPods(admin, apps, notes);
        assertThat(docker(docker.kubeconfig(apps), "stack", "deploy", "--orchestrator=kubernetes", "-c",
                compose("dweb").toString(), "bydocker")).contains("Stack bydocker is stable and running");
        assertThat(admin.raw("/apis/compose.docker.com/v1beta1/namespaces/" + apps + "/stacks/bydocker"))
                .contains("\"apiVersion\":\"compose.docker.com/v1beta1\"");
    }

    private void assertNothingOfKstackLeft(String ns) {
        Await.until(READY, "namespace " + ns + " deleted", () -> admin.namespaces().withName(ns).get() == null);
        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(StackCrd.NAME).get()).isNull();
        assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server").get())
                .isNull();
        assertThat(admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName("kstack-server").get())
                .isNull();
        assertThat(admin.rbac().clusterRoles().withLabel("app.kubernetes.io/part-of", "kstack").list().getItems())
                .isEmpty();
    }

    private List<GenericKubernetesResource> apiServices() {
        return admin.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService").list().getItems().stream()
                .filter(a -> a.getMetadata().getName().endsWith(".compose.docker.com")).toList();
    }

    @SuppressWarnings("unchecked")
    private static boolean available(GenericKubernetesResource apiService) {
        Object status = apiService.getAdditionalProperties().get("status");
        if (!(status instanceof java.util.Map<?, ?> m) || !(m.get("conditions") instanceof List<?> conditions)) {
            return false;
        }
        return conditions.stream().map(c -> (java.util.Map<String, Object>) c)
                .anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    /**
     * Two controller pods run and are ready; exactly one leads: it holds the Lease and answers {@code /readyz} 200,
     * the other answers 503 {@code standby: not the leader} (the node's pod IPs are reachable from this machine).
     */
    private String assertOneLeadingController(String ns) {
        Await.until(READY, "two ready kstack-controller pods, one leading and one standby", () -> {
            List<Pod> ready = readyPods(ns, "kstack-controller");
            var lease = admin.leases().inNamespace(ns).withName("kstack-controller").get();
            if (ready.size() != 2 || lease == null) {
                return false;
            }
            String holder = lease.getSpec().getHolderIdentity();
            return ready.stream().allMatch(p -> {
                Answer readyz = readyz(p);
                return p.getMetadata().getName().equals(holder) ? readyz.status() == 200
                        : readyz.status() == 503 && readyz.body().contains("standby: not the leader");
            });
        });
        return admin.leases().inNamespace(ns).withName("kstack-controller").get().getSpec().getHolderIdentity();
    }

    private static Answer readyz(Pod pod) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + pod.getStatus().getPodIP()
                    + ":" + ControllerManifests.HTTP_PORT + "/readyz")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (java.io.IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, String body) {
    }

    private List<Pod> pods(String ns, String app) {
        var op = admin.pods().inNamespace(ns);
        List<Pod> all = app == null ? op.list().getItems()
                : op.withLabel("app.kubernetes.io/name", app).list().getItems();
        return all.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private List<Pod> readyPods(String ns, String app) {
        return pods(ns, app).stream().filter(Readiness::isPodReady).toList();
    }

    private String docker(Path kc, String... args) {
        DockerCli.Result r = docker.run(kc, DOCKER_TIMEOUT, args);
        assertThat(r.exitCode()).as("docker %s; output:%n%s", String.join(" ", args), r.output()).isZero();
        return r.output();
    }
}
