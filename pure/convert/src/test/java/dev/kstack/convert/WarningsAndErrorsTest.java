package dev.kstack.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.api.DeployConfig;
import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.FileReferenceConfig;
import dev.kstack.api.IngressConfig;
import dev.kstack.api.Problem;
import dev.kstack.api.RestartPolicy;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServiceConfigBuilder;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.StackValidation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WarningsAndErrorsTest {
    static Map<String, String> envWithoutValue() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOKEN", null);
        return env;
    }

    static Map<String, String> envWithBadName() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("1ST", "x");
        return env;
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.environment(envWithoutValue()),
                        "service \"web\": environment variable TOKEN has no value and is left out"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.environment(envWithBadName()),
                        "service \"web\": environment variable 1ST is left out (Kubernetes allows letters, digits, _ - .)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.stopSignal("SIGQUIT"),
                        "service \"web\": stop_signal SIGQUIT is ignored (Kubernetes sends SIGTERM)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.groupAdd(List.of("video")),
                        "service \"web\": group_add \"video\" is ignored (Kubernetes needs a numeric group id)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.sysctls(Map.of("vm.swappiness", "1")),
                        "service \"web\": sysctl vm.swappiness is ignored (not a safe sysctl in Kubernetes)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.pid("container:x"),
                        "service \"web\": pid \"container:x\" is ignored (only \"host\" is supported)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.deploy(new DeployConfig(null, null, null,
                        null, null, new RestartPolicy("on-failure", null, 3L, null), null, null)),
                        "service \"web\": restart_policy.condition on-failure is not honoured"
                                + " (pods of a long-running workload always restart)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.deploy(new DeployConfig(null, null,
                        Map.of("Bad Label", "x"), null, null, null, null, null)),
                        "service \"web\": deploy.labels Bad Label is ignored (not a valid Kubernetes label)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.deploy(new DeployConfig(null, null,
                        Map.of("example.com/tier", "a".repeat(64)), null, null, null, null, null)),
                        "service \"web\": deploy.labels example.com/tier is ignored (not a valid Kubernetes label)"),
                Arguments.of((UnaryOperator<ServiceConfigBuilder>) b -> b.labels(Map.of("Example.COM/x", "1")),
                        "service \"web\": labels Example.COM/x is ignored (not a valid Kubernetes annotation key)"));
    }

    @ParameterizedTest
    @MethodSource("warnings")
    void unhonouredThingIsOneWarningLine(UnaryOperator<ServiceConfigBuilder> change, String expected) {
        assertThat(ConvertFixture.convertWeb(change).warnings()).contains(expected);
    }

    @Test
    void warningsAreSortedAndUnique() {
        ConversionResult r = ConvertFixture.convertWeb(b -> b.stopSignal("SIGQUIT").environment(envWithoutValue())
                .deploy(new DeployConfig(null, null, null, null, null, new RestartPolicy("none", 1L, 3L, 1L),
                        null, null)));

        assertThat(r.warnings()).isSorted().doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void relativeBindMountIsAnErrorWithThePath() {
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.builder().name("web").image("nginx")
                .volumes(List.of(new ServiceVolumeConfig("bind", "./conf", "/etc/nginx", true, null))).build()));

        assertThatThrownBy(() -> StackConverter.convert(StackInput.of("shop", "", spec)))
                .isInstanceOf(InvalidStackException.class)
                .hasMessageStartingWith("services.web.volumes[0].source: bind mount source \"./conf\" is not an"
                        + " absolute path");
    }

    @Test
    void aServiceNameTooLongForTheUdpLoadBalancerIsAnError() {
        String name = "a".repeat(StackValidation.SERVICE_NAME_MAX);
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.builder().name(name).image("nginx")
                .ports(List.of(new ServicePortConfig("ingress", 53, 53, "tcp"),
                        new ServicePortConfig("ingress", 53, 53, "udp"))).build()));

        assertThatThrownBy(() -> StackConverter.convert(StackInput.of("shop", "", spec)))
                .hasMessage("services." + name + ".ports: the Service \"" + name + "-published-udp\" for the"
                        + " published UDP ports is longer than 63 characters; shorten the service name");
    }

    @Test
    void ingressPathMustBeAbsolute() {
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.builder().name("web").image("nginx")
                .ingress(List.of(new IngressConfig("", "api", "", 80, "", "", null))).build()));

        assertThatThrownBy(() -> StackConverter.convert(StackInput.of("shop", "", spec)))
                .hasMessage("services.web.ingress[0].path: \"api\" must start with /");
    }

    @Test
    void invalidNamesAreErrorsBeforeAnythingIsConverted() {
        StackSpec spec = StackSpec.of(List.of(ServiceConfig.of("Web Server", "nginx")));

        assertThatThrownBy(() -> StackConverter.convert(StackInput.of("shop", "", spec)))
                .isInstanceOfSatisfying(InvalidStackException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("services.Web Server"));
    }

    @Test
    void secretsAndConfigsAreMountedWithAContentHashThatFollowsTheContent() throws Exception {
        StackSpec spec = new StackSpec(List.of(ServiceConfig.builder().name("web").image("nginx")
                .secrets(List.of(new FileReferenceConfig("db-password", null, null, null, 0400L)))
                .configs(List.of(new FileReferenceConfig("site", "etc/site.conf", "", "", null))).build()),
                Map.of("db-password", new FileObjectConfig(null, "pw.txt", null, null)),
                Map.of("site", new FileObjectConfig(null, "site.conf", null, null)), null, null, false);

        ConversionResult a = StackConverter.convert(new StackInput("shop", "", spec, Map.of("db-password", "1"),
                Map.of()));
        ConversionResult b = StackConverter.convert(new StackInput("shop", "", spec, Map.of("db-password", "2"),
                Map.of()));

        var pod = ConvertFixture.object(a, "Deployment/web").at("/spec/template");
        assertThat(pod.at("/spec/containers/0/volumeMounts").toString()).isEqualTo(
                "[{\"mountPath\":\"/run/secrets/db-password\",\"name\":\"secret-0\",\"readOnly\":true,"
                        + "\"subPath\":\"db-password\"},{\"mountPath\":\"/etc/site.conf\",\"name\":\"config-0\","
                        + "\"readOnly\":true,\"subPath\":\"site.conf\"}]");
        assertThat(pod.at("/spec/volumes/0/secret").toString()).isEqualTo(
                "{\"items\":[{\"key\":\"pw.txt\",\"mode\":256,\"path\":\"db-password\"}],"
                        + "\"secretName\":\"db-password\"}");
        // no mode given: compose's 0444, not Kubernetes' 0644
        assertThat(pod.at("/spec/volumes/1/configMap").toString()).isEqualTo(
                "{\"items\":[{\"key\":\"site.conf\",\"mode\":292,\"path\":\"site.conf\"}],\"name\":\"site\"}");
        String hashA = pod.at("/metadata/annotations/kstack.dev~1content-hash").asText();
        String hashB = ConvertFixture.object(b, "Deployment/web")
                .at("/spec/template/metadata/annotations/kstack.dev~1content-hash").asText();
        assertThat(hashA).hasSize(64).isNotEqualTo(hashB);
    }

    @Test
    void sharedNamedVolumeIsAWarning() {
        ServiceVolumeConfig data = new ServiceVolumeConfig("volume", "data", "/data", false, null);
        StackSpec spec = StackSpec.of(List.of(
                ServiceConfig.builder().name("a").image("x").volumes(List.of(data)).build(),
                ServiceConfig.builder().name("b").image("x").volumes(List.of(data)).build()));

        assertThat(ConvertFixture.convert(spec).warnings()).containsExactly("service \"b\": volume \"data\" is also"
                + " used by service \"a\"; each service gets claims of its own, the data is not shared");
    }

    @Test
    void networkPoliciesAreOptIn() {
        ServiceConfig web = ServiceConfig.builder().name("web").image("nginx").networks(List.of("front")).build();
        StackSpec off = StackSpec.of(List.of(web));
        StackSpec on = new StackSpec(List.of(web), null, null, null, null, true);

        assertThat(ConvertFixture.names(ConvertFixture.convert(off))).noneMatch(n -> n.startsWith("NetworkPolicy"));
        var policy = ConvertFixture.object(ConvertFixture.convert(on), "NetworkPolicy/web");
        assertThat(policy.at("/spec/ingress/0/from/0/podSelector/matchLabels").toString())
                .isEqualTo("{\"com.docker.stack.namespace\":\"shop\",\"kstack.dev/network-front\":\"true\"}");
        assertThat(ConvertFixture.object(ConvertFixture.convert(on), "Deployment/web")
                .at("/spec/template/metadata/labels/kstack.dev~1network-front").asText()).isEqualTo("true");
    }
}
