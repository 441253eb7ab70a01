package dev.kstack.testenv;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a cluster with a real node and undoes its host changes: first the controllers (so that nothing recreates
 * pods), then the pods through the API (the kubelet tears down their networking through CNI), then the node's
 * processes, the leftover containers, the control plane, and finally the bridge, iptables, mounts, cgroups and sysctls.
 */
final class RealNodeStopper {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodeStopper.class);
    private static final Duration POD_DRAIN = Duration.ofSeconds(60);

    private RealNodeStopper() {
    }

    static void stop(LocalCluster cluster) {
        for (String c : List.of("kube-controller-manager", "kube-scheduler", "node-services")) {
            cluster.stop(c);
        }
        Boolean apiAlive = cluster.processes().get("kube-apiserver");
        Boolean kubeletAlive = cluster.processes().get("kubelet");
        if (Boolean.TRUE.equals(apiAlive) && Boolean.TRUE.equals(kubeletAlive)) {
            drainPods(cluster);
        }
        cluster.stop("kube-proxy");
        Path proxy = Path.of(commandOf(cluster, "kube-proxy"));
        if (Files.isExecutable(proxy)) {
            HostCommands.run(proxy.toString(), "--cleanup");
        }
        cluster.stop("kubelet");
        if (Files.exists(RealNodeLayout.dockerSocket()) && Boolean.TRUE.equals(cluster.processes().get("dockerd"))) {
            String docker = "unix://" + RealNodeLayout.dockerSocket();
            String ids = HostCommands.run("docker", "-H", docker, "ps", "-aq").output().trim();
            if (!ids.isEmpty()) {
                List<String> rm = new java.util.ArrayList<>(List.of("docker", "-H", docker, "rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                HostCommands.run(rm);
            }
        }
        for (String c : List.of("dockerd", "registry", "dnsmasq", "kube-apiserver", "etcd")) {
            cluster.stop(c);
        }
        new RealNodeHost(cluster.dir()).restore();
        try {
            Path owner = RealNodeLayout.ownerFile();
            if (Files.isRegularFile(owner) && Path.of(Files.readString(owner).trim()).equals(cluster.dir())) {
                RealNodeHost.deleteTree(RealNodeLayout.RUN_DIR);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", RealNodeLayout.ownerFile(), e.toString());
        }
        for (Path d : List.of(Path.of("/run/containerd/runc/moby"), Path.of("/run/containerd/runc"),
                Path.of("/run/containerd/s"), Path.of("/run/containerd"), Path.of("/run/docker/plugins"), Path.of("/run/docker"))) {
            d.toFile().delete(); // only when empty: dockerd's containerd may leave these behind
        }
        cluster.state().delete();
    }

    private static String commandOf(LocalCluster cluster, String component) {
        try {
            return LocalCluster.loadCommand(cluster.dir(), component).command().get(0);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void drainPods(LocalCluster cluster) {
        try (KubernetesClient client = cluster.newAdminClient()) {
            client.pods().inAnyNamespace().list().getItems().forEach(p -> client.pods()
                    .inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName())
                    .withGracePeriod(5).delete());
            Instant deadline = Instant.now().plus(POD_DRAIN);
            while (Instant.now().isBefore(deadline) && !client.pods().inAnyNamespace().list().getItems().isEmpty()) {
                LocalCluster.sleep(Duration.ofMillis(500));
            }
            int left = client.pods().inAnyNamespace().list().getItems().size();
            if (left > 0) {
                LOG.warn("{} pods still there after {} s; their containers are removed directly", left,
                        POD_DRAIN.toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot delete the pods before stopping the node: {}", e.toString());
        }
    }
}
