package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackDefaultsTest {
    @Test
    void portsAndDeployGetExplicitDefaults() {
        ServiceConfig s = ServiceConfig.builder().name("web").image("nginx")
                .ports(List.of(new ServicePortConfig("", 80, 8080, ""))).build();

        ServiceConfig d = StackDefaults.apply(StackSpec.of(List.of(s))).services().get(0);

        assertThat(d.ports()).containsExactly(new ServicePortConfig("ingress", 80, 8080, "tcp"));
        assertThat(d.deploy().mode()).isEqualTo("replicated");
        assertThat(d.deploy().replicas()).isEqualTo(1L);
    }

    @Test
    void globalServicesGetNoReplicasAndSetValuesStay() {
        ServiceConfig s = ServiceConfig.builder().name("agent").image("a")
                .deploy(new DeployConfig("global", null, null, null, null, null, null, null))
                .ports(List.of(new ServicePortConfig("host", 53, 53, "udp"))).build();

        ServiceConfig d = StackDefaults.apply(StackSpec.of(List.of(s))).services().get(0);

        assertThat(d.deploy().replicas()).isNull();
        assertThat(d.ports()).containsExactly(new ServicePortConfig("host", 53, 53, "udp"));
    }
}
