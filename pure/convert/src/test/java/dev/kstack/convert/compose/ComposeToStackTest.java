package dev.kstack.convert.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.StackJson;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.InvalidStackException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose attributes → Stack spec fields, one row per rule (service "web", image nginx, plus the snippet). */
class ComposeToStackTest {
    static ComposeToStack.MappedStack map(String yaml) throws Exception {
        return ComposeToStack.map(ComposeLoader.loadText("compose.yaml", yaml,
                LoadOptions.of(Path.of("/project"), Map.of())).project(), "shop", "/home/me");
    }

    static ComposeToStack.MappedStack web(String snippet) throws Exception {
        return map("services:\n  web:\n    image: nginx\n" + snippet.indent(4));
    }

    /** Service "web" with the snippet, and a second service that the snippet refers to. */
    static ComposeToStack.MappedStack withOther(String snippet, String other) throws Exception {
        return map("services:\n  web:\n    image: nginx\n" + snippet.indent(4) + "  " + other + ":\n    image: x\n");
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("ports: ['8080:80/udp']", "/ports",
                        "[{\"mode\":\"ingress\",\"target\":80,\"published\":8080,\"protocol\":\"udp\"}]"),
                Arguments.of("ports: ['9000-9001:9000-9001']", "/ports/1/published", "9001"),
                Arguments.of("expose: ['3306', '53/udp']", "/internal_ports",
                        "[{\"port\":3306,\"protocol\":\"TCP\"},{\"port\":53,\"protocol\":\"UDP\"}]"),
                Arguments.of("command: echo hi", "/command", "[\"echo\",\"hi\"]"),
                Arguments.of("environment: [A=1, B, C=]", "/environment", "{\"A\":\"1\",\"B\":null,\"C\":\"\"}"),
                Arguments.of("user: '1000:2000'", "", "{\"user\":1000,\"group\":2000}"),
                Arguments.of("restart: on-failure:3", "/deploy/restart_policy",
                        "{\"condition\":\"on-failure\",\"max_attempts\":3}"),
                Arguments.of("scale: 4", "/deploy/replicas", "4"),
                Arguments.of("deploy: {replicas: 0}", "/deploy/replicas", "0"),
                Arguments.of("cpus: 1.5\nmem_limit: 512m", "/deploy/resources/limits",
                        "{\"cpus\":\"1.5\",\"memory\":536870912}"),
                Arguments.of("deploy: {update_config: {parallelism: 2, order: start-first}}",
                        "/deploy/update_config", "{\"paralellism\":2,\"order\":\"start-first\"}"),
                Arguments.of("deploy: {placement: {constraints: ['node.platform.os==linux', 'node.labels.disk!=hdd']}}",
                        "/deploy/placement/constraints", "{\"OperatingSystem\":{\"Value\":\"linux\",\"Operator\":\"==\"},"
                                + "\"MatchLabels\":{\"disk\":{\"Value\":\"hdd\",\"Operator\":\"!=\"}}}"),
                Arguments.of("platform: linux/arm64", "/deploy/placement/constraints/Architecture/Value", "\"arm64\""),
                Arguments.of("healthcheck: {test: curl -f localhost, interval: 10s, start_period: 1m}", "/health_check",
                        "{\"test\":[\"CMD-SHELL\",\"curl -f localhost\"],\"interval\":10000000000,"
                                + "\"start_period\":60000000000}"),
                Arguments.of("healthcheck: {disable: true}", "/health_check/test", "[\"NONE\"]"),
                Arguments.of("stop_grace_period: 1m30s", "/stop_grace_period", "90000000000"),
                Arguments.of("volumes: ['~/data:/data:ro']", "/volumes",
                        "[{\"type\":\"bind\",\"source\":\"/home/me/data\",\"target\":\"/data\",\"read_only\":true}]"),
                Arguments.of("shm_size: 64m", "/volumes/0",
                        "{\"type\":\"tmpfs\",\"target\":\"/dev/shm\",\"tmpfs_size\":67108864}"),
                Arguments.of("depends_on: {db: {condition: service_healthy}}\n", "/depends_on",
                        "{\"db\":{\"condition\":\"service_healthy\"}}"),
                Arguments.of("pull_policy: always", "/pull_policy", "\"always\""),
                Arguments.of("x-kubernetes: {pull_secret: regcred, internal_service_type: ClusterIP}", "",
                        "{\"pull_secret\":\"regcred\",\"internal_service_type\":\"ClusterIP\"}"),
                Arguments.of("x-kubernetes: {ingress: {host: shop.example, port: 80, tls_secret: tls}}", "/ingress",
                        "[{\"host\":\"shop.example\",\"port\":80,\"tls_secret\":\"tls\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void mapsTheAttribute(String snippet, String pointer, String expectedJson) throws Exception {
        ComposeToStack.MappedStack mapped = snippet.contains("depends_on") ? withOther(snippet, "db") : web(snippet);
        JsonNode service = StackJson.tree(mapped.spec().services().get(0));
        JsonNode expected = StackJson.strict().readTree(expectedJson);
        JsonNode actual = StackJson.strict().readTree(service.at(pointer).toString());

        if (expected.isObject() && pointer.isEmpty()) {
            expected.fields().forEachRemaining(e ->
                    assertThat(actual.get(e.getKey())).as(snippet + " → " + e.getKey()).isEqualTo(e.getValue()));
        } else {
            assertThat(actual).as(snippet).isEqualTo(expected);
        }
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                Arguments.of("build: .", "service \"web\": build is ignored"),
                Arguments.of("container_name: web1", "service \"web\": container_name is ignored"),
                Arguments.of("logging: {driver: syslog}", "service \"web\": logging is ignored"),
                Arguments.of("ulimits: {nofile: 1024}", "service \"web\": ulimits is ignored"),
                Arguments.of("user: postgres", "service \"web\": user \"postgres\" is ignored (Kubernetes needs a numeric uid)"),
                Arguments.of("volumes_from: [other]", "service \"web\": volumes_from is ignored"
                        + " (pods of different services share no volumes)"),
                Arguments.of("deploy: {placement: {constraints: ['node.role==manager']}}",
                        "service \"web\": placement constraint \"node.role==manager\" is ignored"),
                Arguments.of("deploy: {mode: replicated-job}",
                        "service \"web\": deploy.mode replicated-job runs as replicated (jobs are not supported)"),
                Arguments.of("x-kubernetes: {colour: blue}", "service \"web\": x-kubernetes.colour is ignored"),
                Arguments.of("pull_policy: daily", "service \"web\": pull_policy daily is ignored"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warnings")
    void warnsOncePerIgnoredAttribute(String snippet, String expected) throws Exception {
        ComposeToStack.MappedStack mapped = snippet.contains("volumes_from") ? withOther(snippet, "other") : web(snippet);

        assertThat(mapped.warnings()).containsOnlyOnce(expected);
    }

    @Test
    void builtImagesReplaceImageAndBuildWithoutWarning() throws Exception {
        var project = ComposeLoader.loadText("compose.yaml", "name: shop\nx-kubernetes: {registry: r:5000}\n"
                + "services:\n  web: {build: ./web}\n  api: {image: api:1, build: ./api}\n  db: {image: redis}\n",
                LoadOptions.of(Path.of("/project"), Map.of())).project();
        String pinned = "r:5000/shop-web@sha256:" + "a".repeat(64);

        ComposeToStack.MappedStack mapped = ComposeToStack.map(project, "shop", "", Map.of("web", pinned));

        assertThat(mapped.spec().services()).extracting(s -> s.name() + "=" + s.image())
                .containsExactly("web=" + pinned, "api=api:1", "db=redis");
        assertThat(mapped.warnings()).containsExactly("service \"api\": build is ignored");
        assertThat(ComposeToStack.imageName(project, project.services().get("web"))).isEqualTo("shop-web");
        assertThat(ComposeToStack.imageName(project, project.services().get("api"))).isEqualTo("api:1");
    }

    @Test
    void volumeKeysBecomeValidClaimNamesAndExtensionsSetTheClaim() throws Exception {
        ComposeToStack.MappedStack mapped = map("services:\n  db:\n    image: postgres\n"
                + "    volumes: ['db_data:/var/lib/postgresql/data']\n"
                + "volumes:\n  db_data:\n    x-kubernetes: {size: 10Gi, storage_class: fast, access_modes: [ReadWriteOncePod]}\n"
                + "x-kubernetes:\n  network_policies: true\n");

        assertThat(StackJson.write(mapped.spec().volumes().get("db_data"))).isEqualTo("{\"name\":\"db-data\","
                + "\"external\":{},\"size\":\"10Gi\",\"storage_class\":\"fast\",\"access_modes\":[\"ReadWriteOncePod\"]}");
        assertThat(mapped.spec().networkPolicies()).isTrue();
        assertThat(mapped.warnings()).containsExactly(
                "volume \"db_data\": the claims are named \"db-data\" (a valid Kubernetes name)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // top-level volume | claim name in the spec ("" = the key)
        "data: {}|''",
        "data: {name: shared-data}|shared-data",
        "data: {name: Shared_Data}|shared-data",
        "data: {external: true}|''",
        "data: {external: true, name: existing}|existing",
    })
    void aWrittenVolumeNameNamesTheClaimsADefaultedOneDoesNot(String volume, String claim)
            throws Exception {
        ComposeToStack.MappedStack mapped = map("name: demo\nservices:\n  db:\n    image: postgres\n"
                + "    volumes: ['data:/var/lib/data']\nvolumes:\n  " + volume + "\n");

        assertThat(mapped.spec().volumes().get("data").name()).isEqualTo(claim);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "back: {}|''",
        "back: {name: backend-lan}|backend-lan",
        "back: {external: true}|back",
    })
    void aWrittenNetworkNameIsKeptADefaultedOneIsNot(String network, String name) throws Exception {
        ComposeToStack.MappedStack mapped = map("name: demo\nservices:\n  db:\n    image: postgres\n"
                + "    networks: [back]\nnetworks:\n  " + network + "\n");

        assertThat(mapped.spec().networks().get("back").name()).isEqualTo(name);
    }

    @Test
    void aBadExtensionValueIsAnErrorWithItsPath() {
        assertThatThrownBy(() -> web("x-kubernetes: {ingress: {port: eighty}}"))
                .isInstanceOf(InvalidStackException.class)
                .hasMessage("services.web.x-kubernetes.ingress.port: expected a port number");
    }
}
