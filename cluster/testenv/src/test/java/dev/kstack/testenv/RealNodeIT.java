package dev.kstack.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real node runs real containers: a busybox web server Deployment becomes Ready, other pods reach it by its short
 * Service name (ClusterIP and headless), a claim of the default class keeps data across pods and frees its directory
 * when deleted, a LoadBalancer Service answers on this machine's loopback, and container logs show real output.
 */
@ExtendWith(LocalClusterExtension.class)
@RealNode
class RealNodeIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, String> WEB = Map.of("app", "web");
    /** Serves "hello from <pod name>" on 8080; -v logs each response ("<client>: response:200") on stderr. */
    private static final String HTTPD = "mkdir -p /www && echo \"hello from $(hostname)\" > /www/index.html"
            + " && exec httpd -f -v -p 8080 -h /www";
    private static String ns;

    @BeforeAll
    static void webServer(KubernetesClient client, ClusterUsers users) {
        ns = users.createNamespace("real");
        Deployment web = new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(WEB).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(WEB).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(2L).addToContainers(new ContainerBuilder()
                        .withName("httpd").withImage("busybox").withCommand("sh", "-c", HTTPD)
                        .withNewReadinessProbe().withNewHttpGet().withPort(new IntOrString(8080)).withPath("/")
                        .endHttpGet().withPeriodSeconds(1).endReadinessProbe().build())
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(ns).resource(web).create();
        client.services().inNamespace(ns).resource(service("web", "ClusterIP", 80)).create();
        Service headless = service("web-headless", "ClusterIP", 8080);
        headless.getSpec().setClusterIP("None");
        client.services().inNamespace(ns).resource(headless).create();
        Await.until(TIMEOUT, "2 ready pods of deployment web", () -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
            return d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas());
        });
    }

    @Test
    void theNodeIsARealKubeletWithDocker(KubernetesClient client) {
        Node node = client.nodes().withName(RealNodeLayout.NODE_NAME).get();
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).startsWith("docker://20.10");
        assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo(RealNodeLayout.NODE_IP);
        });
        assertThat(client.pods().inNamespace(ns).withLabels(WEB).list().getItems())
                .allSatisfy(p -> assertThat(p.getStatus().getPodIP()).startsWith("10.123.0."));
    }

    @Test
    void podsFetchFromTheServerByShortNameThroughClusterIpAndHeadlessServices(KubernetesClient client) {
        // The pod retries while the name is not resolvable yet; it fails when one of the two fetches never works.
        String script = "for url in http://web/ http://web-headless:8080/; do ok=; for i in $(seq 1 30); do"
                + " if out=$(wget -qO- \"$url\"); then echo \"$url $out\"; ok=1; break; fi; sleep 1; done;"
                + " [ -n \"$ok\" ] || { echo \"$url never answered\"; exit 1; }; done;"
                + " nslookup web-headless | grep -c '^Address: 10.123.0.' | sed 's/^/headless addresses: /'";
        Pod done = runToCompletion(client, "fetch", script, null);
        String log = client.pods().inNamespace(ns).withName("fetch").getLog();
        assertThat(done.getStatus().getPhase()).as(log).isEqualTo("Succeeded");
        assertThat(log).containsPattern("http://web/ hello from web-[a-z0-9]+-[a-z0-9]+")
                .containsPattern("http://web-headless:8080/ hello from web-[a-z0-9]+-[a-z0-9]+")
                .contains("headless addresses: 2");
    }

    @Test
    void containerLogsShowWhatTheServerPrinted(KubernetesClient client) {
        Pod web = client.pods().inNamespace(ns).withLabels(WEB).list().getItems().get(0);
        // the readiness probe's requests are in the server's own log (httpd -v)
        Await.until(TIMEOUT, "a request line in the log of " + web.getMetadata().getName(), () -> client.pods()
                .inNamespace(ns).withName(web.getMetadata().getName()).getLog().contains("response:200"));
    }

    @Test
    void claimOfTheDefaultClassKeepsDataAcrossPodsAndIsFreedOnDelete(KubernetesClient client) {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").withNamespace(ns).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("16Mi")).endResources().endSpec().build();
        client.persistentVolumeClaims().inNamespace(ns).resource(claim).create();
        Await.until(TIMEOUT, "claim data bound", () -> "Bound".equals(client.persistentVolumeClaims().inNamespace(ns)
                .withName("data").get().getStatus().getPhase()));
        String volumeName = client.persistentVolumeClaims().inNamespace(ns).withName("data").get().getSpec().getVolumeName();
        Path dir = Path.of(client.persistentVolumes().withName(volumeName).get().getSpec().getHostPath().getPath());

        Pod writer = runToCompletion(client, "writer", "echo kept-across-pods > /data/file", "data");
        assertThat(writer.getStatus().getPhase()).isEqualTo("Succeeded");
        deletePod(client, "writer");
        Pod reader = runToCompletion(client, "reader", "cat /data/file", "data");
        assertThat(reader.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(client.pods().inNamespace(ns).withName("reader").getLog()).isEqualTo("kept-across-pods\n");
        assertThat(dir.resolve("file")).hasContent("kept-across-pods");
        deletePod(client, "reader");

        client.persistentVolumeClaims().inNamespace(ns).withName("data").delete();
        Await.until(TIMEOUT, "volume " + volumeName + " and its directory deleted", () -> !Files.exists(dir)
                && client.persistentVolumes().withName(volumeName).get() == null);
    }

    @Test
    void loadBalancerServiceAnswersOnLoopback(KubernetesClient client) throws Exception {
        int port = LocalCluster.freePort();
        client.services().inNamespace(ns).resource(service("web-lb", "LoadBalancer", port)).create();
        Await.until(TIMEOUT, "web-lb's ingress hostname localhost", () -> {
            Service s = client.services().inNamespace(ns).withName("web-lb").get();
            return s.getStatus().getLoadBalancer().getIngress() != null && s.getStatus().getLoadBalancer().getIngress()
                    .stream().anyMatch(i -> "localhost".equals(i.getHostname()) && i.getIp() == null);
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        String[] body = new String[1];
        Await.until(TIMEOUT, uri + " answering", () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                body[0] = r.body();
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertThat(body[0]).startsWith("hello from web-");
        // The forwarder is the only path: kube-proxy captures no loopback address for the Service's port. Its full
        // resync (--iptables-sync-period, 30 s by default) would have programmed an ingress IP rule within 35 s.
        long end = System.nanoTime() + Duration.ofSeconds(35).toNanos();
        do {
            assertThat(natRules().filter(l -> l.contains("127.0.0.1/32") && l.contains("--dport " + port + " ")))
                    .isEmpty();
            Thread.sleep(5_000);
        } while (System.nanoTime() < end);
        assertThat(natRules()).anyMatch(l -> l.contains(ns + "/web-lb:http cluster IP"));
    }

    private static java.util.stream.Stream<String> natRules() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("iptables-save", "-t", "nat").redirectErrorStream(true).start();
        String nat = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(nat).isZero();
        return nat.lines();
    }

    private static Service service(String name, String type, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withType(type).withSelector(WEB).addNewPort().withName("http").withPort(port)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
    }

    /** Runs busybox {@code sh -c script} (with the claim mounted on /data when given) and returns the finished pod. */
    private static Pod runToCompletion(KubernetesClient client, String name, String script, String claim) {
        Container c = new ContainerBuilder().withName("main").withImage("busybox").withCommand("sh", "-c", script).build();
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(1L).withContainers(c).endSpec();
        if (claim != null) {
            c.setVolumeMounts(List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName("data")
                    .withMountPath("/data").build()));
            pod.editSpec().withContainers(c).addNewVolume().withName("data").withNewPersistentVolumeClaim()
                    .withClaimName(claim).endPersistentVolumeClaim().endVolume().endSpec();
        }
        client.pods().inNamespace(ns).resource(pod.build()).create();
        Await.until(TIMEOUT, "pod " + name + " finished", () -> {
            Pod p = client.pods().inNamespace(ns).withName(name).get();
            return p.getStatus() != null && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase());
        });
        return client.pods().inNamespace(ns).withName(name).get();
    }

    private static void deletePod(KubernetesClient client, String name) {
        client.pods().inNamespace(ns).withName(name).delete();
        Await.until(TIMEOUT, "pod " + name + " gone", () -> client.pods().inNamespace(ns).withName(name).get() == null);
    }
}
