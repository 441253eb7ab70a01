package dev.kstack.testenv.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterDnsRecordsTest {
    private static Service service(String name, String type, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).endSpec().build();
    }

    private static Endpoints endpoints(String name, String... ips) {
        EndpointsBuilder b = new EndpointsBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata();
        var subset = b.addNewSubset();
        for (String ip : ips) {
            subset.addNewAddress().withIp(ip).endAddress();
        }
        return subset.endSubset().build();
    }

    @Test
    void clusterIpServicesGetTheirClusterIpAndHeadlessServicesTheirReadyEndpoints() {
        Endpoints db = endpoints("db", "10.123.0.7", "10.123.0.5");
        db.getSubsets().get(0).getAddresses().get(0).setHostname("db-0");
        db.getSubsets().get(0).setNotReadyAddresses(List.of(new io.fabric8.kubernetes.api.model.EndpointAddressBuilder()
                .withIp("10.123.0.9").build()));
        String hosts = ClusterDnsRecords.hostsFile(
                List.of(service("web", "ClusterIP", "10.0.0.42"), service("db", "ClusterIP", "None"),
                        service("ext", "ExternalName", null), service("empty", "ClusterIP", "None")),
                List.of(endpoints("web", "10.123.0.3"), db),
                "cluster.local");
        assertThat(hosts).isEqualTo("""
                10.0.0.42 web.shop.svc.cluster.local
                10.123.0.5 db.shop.svc.cluster.local
                10.123.0.7 db-0.db.shop.svc.cluster.local
                10.123.0.7 db.shop.svc.cluster.local
                """);
    }
}
