package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.convert.ServiceNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAddressesTest {
    private static final StackSpec SPEC = StackSpec.of(List.of(
            ServiceConfig.builder().name("front_end").image("busybox")
                    .ports(List.of(new ServicePortConfig("ingress", 80, 8080, "tcp"))).build(),
            ServiceConfig.builder().name("db_server").image("busybox")
                    .ports(List.of(new ServicePortConfig("ingress", 5432, 0, "tcp"))).build(),
            ServiceConfig.of("web", "nginx")));

    private static HasMetadata service(String name, String clusterIp) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withClusterIP(clusterIp).endSpec().build();
    }

    @Test
    void theClusterIpsOfTheRenamedServicesInternalServicesAreKeyedByComposeName() {
        List<HasMetadata> live = List.of(service("front-end", "10.0.0.7"), service("front-end-published", "10.0.0.8"),
                service("db-server", "10.0.0.9"), service("web", "None"));

        assertThat(ServiceAddresses.of(ServiceNames.of(SPEC), live))
                .isEqualTo(Map.of("front_end", "10.0.0.7", "db_server", "10.0.0.9"));
    }

    @Test
    void aServiceNotYetCreatedOrWithoutAnAddressIsMissing() {
        List<HasMetadata> live = List.of(service("front-end", ""), service("front-end-published", "10.0.0.8"));

        assertThat(ServiceAddresses.of(ServiceNames.of(SPEC), live)).isEmpty();
    }

    @Test
    void everyServiceNotHeldByTheRolloutOrderSaysWhatItWaitsFor() {
        Map<String, String> waiting = ServiceAddresses.waiting(SPEC, Map.of("web", "waiting for db (service_healthy)"),
                List.of("db_server", "front_end"));

        assertThat(waiting).containsEntry("web", "waiting for db (service_healthy)")
                .containsEntry("front_end", "waiting for the ClusterIP of the Service of db_server, front_end")
                .hasSize(3);
    }
}
