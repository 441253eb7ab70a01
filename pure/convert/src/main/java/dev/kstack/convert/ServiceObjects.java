package dev.kstack.convert;

import dev.kstack.api.IngressConfig;
import dev.kstack.api.InternalPort;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kubernetes Services of one compose service, named as the contract says:
 * <ul>
 * <li>{@code <svc>}: headless with the single port 55555 named {@code headless} (so the name resolves to the
 * pods), or ClusterIP when internal ports are known ({@code internal_ports}, an ingress route, or
 * {@code internal_service_type: ClusterIP}); a ClusterIP Service also lists the targets of the service's ports,
 * so everything reachable through the headless name stays reachable;</li>
 * <li>{@code <svc>-published}: LoadBalancer for ports with a published number (port = published,
 * targetPort = target); published ports of a second protocol go to {@code <svc>-published-udp} (or
 * {@code -sctp}), as a LoadBalancer Service cannot mix protocols before Kubernetes 1.26;</li>
 * <li>{@code <svc>-random-ports}: NodePort for ports without one (port = target).</li>
 * </ul>
 * Host-mode ports get a hostPort on the container and no Service. Every port names its protocol.
 */
final class ServiceObjects {
    static final int HEADLESS_PORT = 55555;
    static final String HEADLESS_PORT_NAME = "headless";
    /** The longest name of a Service (a DNS-1035 label). */
    static final int MAX_NAME = 63;

    private ServiceObjects() {
    }

    static List<Service> of(ServiceContext ctx) {
        List<Service> out = new ArrayList<>();
        out.add(internal(ctx));
        Map<PortKey, Integer> published = new TreeMap<>();
        TreeSet<PortKey> random = new TreeSet<>();
        List<ServicePortConfig> ports = ctx.service().ports();
        for (int i = 0; i < ports.size(); i++) {
            ServicePortConfig p = ports.get(i);
            if (ServicePortConfig.MODE_HOST.equals(p.mode())) {
                continue;
            }
            if (p.published() > 0) {
                PortKey key = PortKey.of(p.published(), p.protocol());
                Integer previous = published.putIfAbsent(key, p.target());
                if (previous != null && previous != p.target()) {
                    ctx.warn("ports[" + i + "] publishes " + key.name() + " a second time and is ignored");
                }
            } else {
                random.add(PortKey.of(p.target(), p.protocol()));
            }
        }
        if (!published.isEmpty()) {
            out.addAll(loadBalancers(ctx, published));
        }
        if (!random.isEmpty()) {
            out.add(service(ctx, ctx.objectName() + "-random-ports", "NodePort", false,
                    random.stream().map(k -> port(k, k.port())).toList()));
        }
        return out;
    }

    /**
     * The LoadBalancer Services of the published ports. Kubernetes before 1.26 (and many load balancers) refuse a
     * LoadBalancer Service with more than one protocol, so {@code <svc>-published} takes the TCP ports (or, with
     * none, the ports of the first protocol) and each other protocol gets {@code <svc>-published-<protocol>}.
     */
    private static List<Service> loadBalancers(ServiceContext ctx, Map<PortKey, Integer> published) {
        Map<String, List<ServicePort>> byProtocol = new TreeMap<>();
        published.forEach((key, target) -> byProtocol.computeIfAbsent(key.protocol(), p -> new ArrayList<>())
                .add(port(key, target)));
        String main = byProtocol.containsKey("TCP") ? "TCP" : byProtocol.keySet().iterator().next();
        List<Service> out = new ArrayList<>();
        out.add(service(ctx, ctx.objectName() + "-published", "LoadBalancer", false, byProtocol.get(main)));
        byProtocol.forEach((protocol, ports) -> {
            if (!protocol.equals(main)) {
                String name = ctx.objectName() + "-published-" + protocol.toLowerCase(java.util.Locale.ROOT);
                if (name.length() > MAX_NAME) {
                    ctx.problem("ports", "the Service \"" + name + "\" for the published " + protocol
                            + " ports is longer than " + MAX_NAME + " characters; shorten the service name");
                }
                out.add(service(ctx, name, "LoadBalancer", false, ports));
            }
        });
        return out;
    }

    /**
     * The ports of the internal Service when it is not the plain headless one; empty means headless 55555. A
     * {@code renamed} service ({@link ServiceNames#renamed}) is ClusterIP as soon as any port is known, the targets
     * of {@code ports} included, so that its compose name can be mapped to an address.
     */
    static TreeSet<PortKey> internalPorts(ServiceConfig s, boolean renamed) {
        TreeSet<PortKey> known = new TreeSet<>();
        for (InternalPort p : s.internalPorts()) {
            known.add(PortKey.of(p.port(), p.protocol()));
        }
        for (IngressConfig in : s.ingress()) {
            if (in.port() > 0) {
                known.add(PortKey.of(in.port(), "TCP"));
            }
        }
        boolean clusterIp = ServiceConfig.INTERNAL_CLUSTER_IP.equals(s.internalServiceType())
                || (ServiceConfig.INTERNAL_AUTO.equals(s.internalServiceType())
                        && (!known.isEmpty() || renamed));
        if (clusterIp) {
            for (ServicePortConfig p : s.ports()) {
                known.add(PortKey.of(p.target(), p.protocol()));
            }
        }
        return known;
    }

    static boolean headless(ServiceConfig s, boolean renamed) {
        return ServiceConfig.INTERNAL_HEADLESS.equals(s.internalServiceType())
                || "dnsrr".equals(s.deploy().endpointMode())
                || internalPorts(s, renamed).isEmpty();
    }

    private static Service internal(ServiceContext ctx) {
        boolean renamed = ctx.names().renamed(ctx.name());
        TreeSet<PortKey> known = internalPorts(ctx.service(), renamed);
        List<ServicePort> ports = known.isEmpty()
                ? List.of(new ServicePortBuilder().withName(HEADLESS_PORT_NAME).withPort(HEADLESS_PORT)
                        .withTargetPort(new IntOrString(HEADLESS_PORT)).withProtocol("TCP").build())
                : known.stream().map(k -> port(k, k.port())).toList();
        return service(ctx, ctx.objectName(), "ClusterIP", headless(ctx.service(), renamed), ports);
    }

    private static ServicePort port(PortKey key, int target) {
        return new ServicePortBuilder().withName(key.name()).withPort(key.port())
                .withTargetPort(new IntOrString(target)).withProtocol(key.protocol()).build();
    }

    private static Service service(ServiceContext ctx, String name, String type, boolean headless,
            List<ServicePort> ports) {
        Map<String, String> labels = new LinkedHashMap<>(ctx.labels());
        ServiceBuilder b = new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(blankToNull(ctx.namespace())).withLabels(labels)
                .endMetadata()
                .withNewSpec().withType(type).withSelector(ctx.labels()).withPorts(ports).endSpec();
        if (headless) {
            b.editSpec().withClusterIP("None").endSpec();
        }
        return b.build();
    }

    static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
