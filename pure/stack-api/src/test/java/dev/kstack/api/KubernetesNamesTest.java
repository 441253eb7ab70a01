package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubernetesNamesTest {
    static Stream<Arguments> serviceNames() {
        return Stream.of(
                Arguments.of(List.of("web"), Map.of("web", "web")),
                Arguments.of(List.of("front_end", "db_server"), Map.of("front_end", "front-end", "db_server", "db-server")),
                Arguments.of(List.of("serviceA", "another_2"), Map.of("serviceA", "servicea", "another_2", "another-2")),
                Arguments.of(List.of("my.web", "_x_"), Map.of("my.web", "my-web", "_x_", "x")),
                // A valid name keeps it; the one that would collide with it gets a hash of its compose name.
                Arguments.of(List.of("front_end", "front-end"), Map.of("front-end", "front-end",
                        "front_end", "front-end-" + hash("front_end"))),
                Arguments.of(List.of("Web", "WEB", "web"), Map.of("web", "web", "Web", "web-" + hash("Web"),
                        "WEB", "web-" + hash("WEB"))),
                Arguments.of(List.of("a".repeat(40) + "_" + "b".repeat(20)),
                        Map.of("a".repeat(40) + "_" + "b".repeat(20), "a".repeat(40) + "-" + "b".repeat(9))),
                Arguments.of(List.of("___"), Map.of("___", "service")));
    }

    private static String hash(String s) {
        return Sha256.hex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 5);
    }

    @ParameterizedTest
    @MethodSource("serviceNames")
    void serviceObjectNamesAreValidDistinctAndDerivedFromTheComposeName(List<String> services,
            Map<String, String> expected) {
        Map<String, String> names = KubernetesNames.serviceObjectNames(services);

        assertThat(names).isEqualTo(expected);
        assertThat(names.values()).allSatisfy(n -> assertThat(Dns1123.labelError(n, StackValidation.SERVICE_NAME_MAX))
                .isEmpty()).doesNotHaveDuplicates();
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of("db_data", "db-data", "db-data"),
                Arguments.of("DB_PASSWORD", "db-password", "db-password"),
                Arguments.of("site.conf", "site-conf", "site.conf"),
                Arguments.of("data", "data", "data"),
                Arguments.of("__", "__", "__"));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void volumeSecretAndConfigKeysGetTheirDerivedNameEvenWhenNotDeclared(String key, String claim, String object) {
        assertThat(VolumeConfig.DEFAULT.claimName(key)).isEqualTo(claim);
        assertThat(new FileObjectConfig(null, null, null, null).objectName(key)).isEqualTo(object);
    }
}
