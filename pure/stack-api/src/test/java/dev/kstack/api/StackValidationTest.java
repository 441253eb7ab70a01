package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackValidationTest {
    static ServiceConfig web() {
        return ServiceConfig.of("web", "nginx");
    }

    static Stream<Arguments> invalidServices() {
        return Stream.of(
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder().name("web app").build(),
                        "services.web app: service name \"web app\" cannot be the value of the label"
                                + " com.docker.service.name"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder().name("_web").build(),
                        "services._web: service name \"_web\" cannot be the value of the label"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder().name("a".repeat(64)).build(),
                        "cannot be the value of the label com.docker.service.name: at most 63"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder().image("").build(),
                        "services.web.image: an image is required"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder()
                        .ports(List.of(new ServicePortConfig("ingress", 80, 0, "icmp"))).build(),
                        "services.web.ports[0].protocol: \"icmp\" is not one of [sctp, tcp, udp]"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder()
                        .ports(List.of(new ServicePortConfig("ingress", 70000, 0, "tcp"))).build(),
                        "services.web.ports[0].target: port 70000 is out of range 1-65535"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder()
                        .volumes(List.of(new ServiceVolumeConfig("volume", "-", "/d", false, null))).build(),
                        "services.web.volumes[0].source: volume name \"-\" is not a valid DNS-1123 label"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder()
                        .secrets(List.of(FileReferenceConfig.of("nope"))).build(),
                        "services.web.secrets[0].source: secret \"nope\" is not declared"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder().internalServiceType("NodePort").build(),
                        "services.web.internal_service_type: \"NodePort\" is not one of [ClusterIP, Headless]"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder()
                        .dependsOn(Map.of("db", DependsOnConfig.of("service_started"))).build(),
                        "services.web.depends_on.db: depends on service \"db\", which does not exist"),
                Arguments.of((UnaryOperator<ServiceConfig>) s -> s.toBuilder()
                        .deploy(new DeployConfig("daemon", null, null, null, null, null, null, null)).build(),
                        "services.web.deploy.mode: \"daemon\" is not one of [global, replicated]"));
    }

    @ParameterizedTest
    @MethodSource("invalidServices")
    void invalidServiceIsReportedWithItsPath(UnaryOperator<ServiceConfig> change, String expected) {
        List<Problem> problems = StackValidation.validate("shop", StackSpec.of(List.of(change.apply(web()))));

        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p).contains(expected));
    }

    /** Compose names Kubernetes refuses as object names are fine in a Stack: the converter derives the objects' names. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"front_end", "serviceA", "another_2", "my.web",
            "Web_1", "a23456789012345678901234567890123456789012345678901"})
    void composeServiceNamesThatAreNotKubernetesNamesAreValid(String name) {
        StackSpec spec = new StackSpec(List.of(web().toBuilder().name(name).volumes(List.of(
                new ServiceVolumeConfig("volume", "db_data", "/d", false, null))).build()),
                Map.of("DB_PASSWORD", new FileObjectConfig(null, "pw", null, null)), null, null, null, false);

        assertThat(StackValidation.validate("shop", spec)).isEmpty();
    }

    @Test
    void validStackHasNoProblems() {
        assertThat(StackValidation.validate("shop", Fixtures.fullSpec())).isEmpty();
    }

    @Test
    void stackNameMustBeALabel() {
        assertThat(StackValidation.validate("My.Stack", StackSpec.of(List.of(web()))))
                .extracting(Problem::path).containsExactly("metadata.name");
    }

    @Test
    void duplicateServicesAndBadSecretNamesAreReported() {
        StackSpec spec = new StackSpec(List.of(web(), web()),
                Map.of("__", new FileObjectConfig(null, "pw", null, null)), null, null, null, false);

        assertThat(StackValidation.validate("shop", spec)).extracting(Problem::toString).containsExactly(
                "secrets.__: secret name \"__\" is not a valid DNS-1123 subdomain:"
                        + " lower-case letters, digits, '-' and '.', at most 253 characters",
                "services.web: service \"web\" is declared twice");
    }

    @Test
    void cyclesAreProblems() {
        StackSpec spec = StackSpec.of(List.of(
                web().toBuilder().dependsOn(Map.of("api", DependsOnConfig.of(""))).build(),
                ServiceConfig.builder().name("api").image("a").dependsOn(Map.of("web", DependsOnConfig.of(""))).build()));

        assertThat(StackValidation.validate("shop", spec)).extracting(Problem::toString)
                .containsExactly("services.api.depends_on: dependency cycle: api -> web -> api");
    }
}
