package dev.kstack.testenv.realnode;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The real node's helper process: the cluster DNS records for dnsmasq ({@link ClusterDnsFeeder}), volumes for claims
 * ({@link HostPathProvisioner}) and LoadBalancer Services on this machine's loopback ({@link LoadBalancerForwarder}).
 * <pre>NodeServicesMain --kubeconfig=F --hosts-file=F --volumes=DIR [--lb-address=127.0.0.1] [--domain=cluster.local]</pre>
 */
public final class NodeServicesMain {
    private NodeServicesMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("lb-address", "127.0.0.1", "domain", "cluster.local"));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        for (String required : new String[] {"kubeconfig", "hosts-file", "volumes"}) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required + "=...");
            }
        }
        Config config = Config.fromKubeconfig(Files.readString(Path.of(a.get("kubeconfig"))));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ClusterDnsFeeder dns = new ClusterDnsFeeder(client, Path.of(a.get("hosts-file")), a.get("domain")).start();
        HostPathProvisioner volumes = new HostPathProvisioner(client, Path.of(a.get("volumes"))).start();
        LoadBalancerForwarder lbs = new LoadBalancerForwarder(client, InetAddress.getByName(a.get("lb-address"))).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lbs.close();
            volumes.close();
            dns.close();
            client.close();
            stop.countDown();
        }, "node-services-stop"));
        stop.await();
    }
}
