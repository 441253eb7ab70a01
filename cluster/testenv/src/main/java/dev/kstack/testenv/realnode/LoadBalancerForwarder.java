package dev.kstack.testenv.realnode;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's LoadBalancer implementation: for each TCP port of each Service of type LoadBalancer it listens
 * on {@code <address>:<port>} of this machine (127.0.0.1 by default) and forwards every connection to the Service's
 * ClusterIP and port (kube-proxy's rules then pick a pod), and it writes that address into the Service's
 * {@code status.loadBalancer.ingress}. A port already taken on the machine is logged and left without a listener.
 *
 * <p>A loopback address is written as {@code hostname: localhost}, not as {@code ip}: kube-proxy programs rules for
 * every ingress IP (its iptables mode DNATs {@code 127.0.0.1:<port>} to the pods in the host's OUTPUT chain, and drops
 * such connections while the Service has no ready endpoint), so with an IP there were two paths to a Service, which
 * differed while the Service or its endpoints changed, and kube-proxy captured the port even for programs of this
 * machine that had bound it. With a hostname this listener is the only path and the port stays the machine's.
 */
final class LoadBalancerForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerForwarder.class);

    /** One listening port and where it forwards to. */
    private record Listener(String target, int targetPort, ServerSocket socket) {
    }

    private final KubernetesClient client;
    private final InetAddress address;
    private final Map<String, Listener> listeners = new HashMap<>();
    private SharedIndexInformer<Service> services;

    LoadBalancerForwarder(KubernetesClient client, InetAddress address) {
        this.client = client;
        this.address = address;
    }

    LoadBalancerForwarder start() {
        services = client.services().inAnyNamespace()
                .inform(Informers.handler(this::sync, s -> closeAll(key(s))), 60_000L);
        return this;
    }

    private static String key(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName() + "/";
    }

    private synchronized void sync(Service s) {
        String prefix = key(s);
        String clusterIp = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        boolean lb = s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType()) && clusterIp != null
                && !clusterIp.isEmpty() && !"None".equals(clusterIp);
        Set<String> wanted = new HashSet<>();
        boolean anyListening = false;
        if (lb) {
            for (ServicePort p : s.getSpec().getPorts()) {
                if (p.getProtocol() != null && !"TCP".equals(p.getProtocol())) {
                    continue;
                }
                String k = prefix + p.getPort();
                wanted.add(k);
                Listener l = listeners.get(k);
                if (l != null && !(l.target().equals(clusterIp) && l.targetPort() == p.getPort())) {
                    close(k);
                    l = null;
                }
                if (l == null) {
                    l = listen(k, clusterIp, p.getPort());
                }
                anyListening |= l != null;
            }
        }
        listeners.keySet().stream().filter(k -> k.startsWith(prefix) && !wanted.contains(k)).toList().forEach(this::close);
        if (lb && anyListening) {
            writeStatus(s);
        }
    }

    private Listener listen(String k, String target, int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port));
            Listener l = new Listener(target, port, server);
            listeners.put(k, l);
            Thread t = new Thread(() -> accept(l), "lb " + k);
            t.setDaemon(true);
            t.start();
            LOG.info("LoadBalancer {}: {}:{} -> {}:{}", k, address.getHostAddress(), port, target, port);
            return l;
        } catch (IOException e) {
            LOG.warn("LoadBalancer {}: cannot listen on {}:{}: {}", k, address.getHostAddress(), port, e.toString());
            return null;
        }
    }

    private static void accept(Listener l) {
        while (!l.socket().isClosed()) {
            try {
                Socket in = l.socket().accept();
                Thread t = new Thread(() -> connect(in, l), "lb-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!l.socket().isClosed()) {
                    LOG.warn("accept failed on {}: {}", l.socket().getLocalSocketAddress(), e.toString());
                }
            }
        }
    }

    private static void connect(Socket in, Listener l) {
        try (in; Socket out = new Socket()) {
            out.connect(new InetSocketAddress(l.target(), l.targetPort()), 10_000);
            Thread back = new Thread(() -> pipe(out, in), "lb-back");
            back.setDaemon(true);
            back.start();
            pipe(in, out);
            back.join();
        } catch (IOException e) {
            LOG.debug("connection to {}:{} failed: {}", l.target(), l.targetPort(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until end of stream, then half-closes the other side so that request/response protocols finish. */
    private static void pipe(Socket from, Socket to) {
        try {
            InputStream i = from.getInputStream();
            OutputStream o = to.getOutputStream();
            i.transferTo(o);
            o.flush();
            to.shutdownOutput();
        } catch (IOException e) {
            LOG.trace("pipe closed: {}", e.toString());
        }
    }

    /** The ingress entry written for this forwarder's address (see the class comment for the loopback case). */
    static LoadBalancerIngress ingressOf(InetAddress address) {
        return address.isLoopbackAddress() ? new LoadBalancerIngressBuilder().withHostname("localhost").build()
                : new LoadBalancerIngressBuilder().withIp(address.getHostAddress()).build();
    }

    private void writeStatus(Service s) {
        LoadBalancerIngress ingress = ingressOf(address);
        boolean done = s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                && s.getStatus().getLoadBalancer().getIngress() != null
                && s.getStatus().getLoadBalancer().getIngress().stream().anyMatch(i ->
                        Objects.equals(i.getIp(), ingress.getIp()) && Objects.equals(i.getHostname(), ingress.getHostname()));
        if (done) {
            return;
        }
        try {
            Service copy = new io.fabric8.kubernetes.api.model.ServiceBuilder(s)
                    .withStatus(new ServiceStatusBuilder().withNewLoadBalancer()
                            .withIngress(ingress).endLoadBalancer().build())
                    .build();
            client.services().inNamespace(s.getMetadata().getNamespace()).resource(copy).updateStatus();
        } catch (KubernetesClientException e) {
            LOG.debug("status of {} not written (retried on the next event): {}", key(s), e.getMessage());
        }
    }

    private synchronized void closeAll(String prefix) {
        listeners.keySet().stream().filter(k -> k.startsWith(prefix)).toList().forEach(this::close);
    }

    private void close(String k) {
        Listener l = listeners.remove(k);
        if (l != null) {
            try {
                l.socket().close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", k, e.toString());
            }
            LOG.info("LoadBalancer {}: closed", k);
        }
    }

    @Override
    public synchronized void close() {
        if (services != null) {
            services.close();
        }
        listeners.keySet().stream().toList().forEach(this::close);
    }
}
