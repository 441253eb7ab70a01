package dev.kstack.testenv.realnode;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cluster DNS's records as a hosts file (what dnsmasq reads): {@code <ip> <svc>.<ns>.svc.<domain>} for the
 * ClusterIP of each Service, and for a headless Service one line per ready endpoint address (plus
 * {@code <hostname>.<svc>.<ns>.svc.<domain>} when the endpoint has a hostname, as StatefulSet pods do).
 * ExternalName Services and Services without endpoints get no record. Lines are sorted, so equal input gives equal text.
 */
public final class ClusterDnsRecords {
    private ClusterDnsRecords() {
    }

    public static String hostsFile(Collection<Service> services, Collection<Endpoints> endpoints, String domain) {
        Map<String, Endpoints> byName = endpoints.stream().collect(Collectors.toMap(
                e -> e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), Function.identity(), (a, b) -> a));
        TreeSet<String> lines = new TreeSet<>();
        for (Service s : services) {
            if (s.getSpec() == null || "ExternalName".equals(s.getSpec().getType())) {
                continue;
            }
            String ns = s.getMetadata().getNamespace();
            String fqdn = s.getMetadata().getName() + "." + ns + ".svc." + domain;
            String clusterIp = s.getSpec().getClusterIP();
            if (clusterIp != null && !clusterIp.isEmpty() && !"None".equals(clusterIp)) {
                lines.add(clusterIp + " " + fqdn);
                continue;
            }
            Endpoints e = byName.get(ns + "/" + s.getMetadata().getName());
            if (e == null || e.getSubsets() == null) {
                continue;
            }
            for (EndpointSubset subset : e.getSubsets()) {
                if (subset.getAddresses() == null) {
                    continue;
                }
                for (EndpointAddress a : subset.getAddresses()) {
                    lines.add(a.getIp() + " " + fqdn);
                    if (a.getHostname() != null && !a.getHostname().isEmpty()) {
                        lines.add(a.getIp() + " " + a.getHostname() + "." + fqdn);
                    }
                }
            }
        }
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }
}
