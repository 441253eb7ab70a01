package dev.kstack.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.Constraints;
import dev.kstack.api.DeployConfig;
import dev.kstack.api.HealthCheckConfig;
import dev.kstack.api.IngressConfig;
import dev.kstack.api.InternalPort;
import dev.kstack.api.Placement;
import dev.kstack.api.Resource;
import dev.kstack.api.Resources;
import dev.kstack.api.ServiceConfigBuilder;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.UpdateConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per mapping rule: a change to service "web", the object and field it affects, the expected JSON. */
class MappingRulesTest {
    static final long S = 1_000_000_000L;
    static final String DEPLOY = "Deployment/web";
    static final String POD = "/spec/template/spec";
    static final String C = POD + "/containers/0";

    static Arguments rule(String name, UnaryOperator<ServiceConfigBuilder> change, String object, String pointer,
            String expectedJson) {
        return Arguments.of(name, change, object, pointer, expectedJson);
    }

    static DeployConfig deploy(String mode, Long replicas, UpdateConfig update, Resources resources,
            Placement placement) {
        return new DeployConfig(mode, replicas, null, update, resources, null, placement, null);
    }

    static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PRICE", "$5 or $(HOME)");
        env.put("EMPTY", null);
        return env;
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("replicas", b -> b.deploy(deploy("", 3L, null, null, null)), DEPLOY, "/spec/replicas", "3"),
                rule("zero replicas stay zero", b -> b.deploy(deploy("", 0L, null, null, null)), DEPLOY,
                        "/spec/replicas", "0"),
                rule("global is a DaemonSet", b -> b.deploy(deploy("global", null, null, null, null)),
                        "DaemonSet/web", "/spec/selector/matchLabels/com.docker.service.id", "\"shop-web\""),
                rule("entrypoint is command, command is args, $ escaped",
                        b -> b.entrypoint(List.of("sh", "-c")).command(List.of("echo $$HOME $(date)")), DEPLOY,
                        C, "{\"command\":[\"sh\",\"-c\"],\"args\":[\"echo $$$$HOME $$(date)\"]}"),
                rule("environment values escaped, keys without value left out", b -> b.environment(env()), DEPLOY,
                        C + "/env", "[{\"name\":\"PRICE\",\"value\":\"$$5 or $$(HOME)\"}]"),
                rule("published port → LoadBalancer", b -> b.ports(List.of(
                        new ServicePortConfig("ingress", 80, 8080, "tcp"))), "Service/web-published", "/spec",
                        "{\"type\":\"LoadBalancer\",\"ports\":[{\"name\":\"8080-tcp\",\"port\":8080,\"protocol\":\"TCP\","
                                + "\"targetPort\":80}]}"),
                rule("published TCP and UDP: TCP stays in -published", b -> b.ports(List.of(
                        new ServicePortConfig("ingress", 53, 53, "udp"), new ServicePortConfig("ingress", 53, 53, "tcp"))),
                        "Service/web-published", "/spec/ports",
                        "[{\"name\":\"53-tcp\",\"port\":53,\"protocol\":\"TCP\",\"targetPort\":53}]"),
                rule("published TCP and UDP: UDP in -published-udp, a LoadBalancer too", b -> b.ports(List.of(
                        new ServicePortConfig("ingress", 53, 53, "udp"), new ServicePortConfig("ingress", 53, 53, "tcp"))),
                        "Service/web-published-udp", "/spec", "{\"type\":\"LoadBalancer\",\"ports\":[{\"name\":"
                                + "\"53-udp\",\"port\":53,\"protocol\":\"UDP\",\"targetPort\":53}]}"),
                rule("published UDP only stays in -published", b -> b.ports(List.of(
                        new ServicePortConfig("ingress", 67, 1067, "udp"))), "Service/web-published", "/spec/ports",
                        "[{\"name\":\"1067-udp\",\"port\":1067,\"protocol\":\"UDP\",\"targetPort\":67}]"),
                rule("unpublished port → NodePort random-ports", b -> b.ports(List.of(
                        new ServicePortConfig("ingress", 53, 0, "udp"))), "Service/web-random-ports", "/spec/ports",
                        "[{\"name\":\"53-udp\",\"port\":53,\"protocol\":\"UDP\",\"targetPort\":53}]"),
                rule("host port", b -> b.ports(List.of(new ServicePortConfig("host", 80, 8000, "tcp"))), DEPLOY,
                        C + "/ports", "[{\"containerPort\":80,\"hostPort\":8000,\"protocol\":\"TCP\"}]"),
                rule("headless internal Service", b -> b, "Service/web", "/spec",
                        "{\"clusterIP\":\"None\",\"type\":\"ClusterIP\",\"ports\":[{\"name\":\"headless\",\"port\":55555,"
                                + "\"protocol\":\"TCP\",\"targetPort\":55555}]}"),
                rule("internal ports → ClusterIP with port targets too", b -> b
                        .internalPorts(List.of(new InternalPort(9000, "TCP")))
                        .ports(List.of(new ServicePortConfig("ingress", 80, 8080, "tcp"))), "Service/web", "/spec",
                        "{\"type\":\"ClusterIP\",\"ports\":[{\"name\":\"80-tcp\",\"port\":80,\"protocol\":\"TCP\","
                                + "\"targetPort\":80},{\"name\":\"9000-tcp\",\"port\":9000,\"protocol\":\"TCP\","
                                + "\"targetPort\":9000}]}"),
                rule("healthcheck CMD-SHELL → readiness via sh -c", b -> b.healthCheck(new HealthCheckConfig(
                        List.of("CMD-SHELL", "curl -f localhost"), 2 * S, 10 * S, 5L, null, null)), DEPLOY,
                        C + "/readinessProbe", "{\"exec\":{\"command\":[\"sh\",\"-c\",\"curl -f localhost\"]},"
                                + "\"failureThreshold\":5,\"periodSeconds\":10,\"successThreshold\":1,\"timeoutSeconds\":2}"),
                rule("healthcheck CMD → liveness with compose defaults", b -> b.healthCheck(new HealthCheckConfig(
                        List.of("CMD", "pg_isready"), null, null, null, null, null)), DEPLOY, C + "/livenessProbe",
                        "{\"exec\":{\"command\":[\"pg_isready\"]},\"failureThreshold\":3,\"periodSeconds\":30,"
                                + "\"successThreshold\":1,\"timeoutSeconds\":30}"),
                rule("start_period → startup probe", b -> b.healthCheck(new HealthCheckConfig(
                        List.of("CMD", "true"), null, 3 * S, 5L, 30 * S, 2 * S)), DEPLOY, C + "/startupProbe",
                        "{\"exec\":{\"command\":[\"true\"]},\"failureThreshold\":20,\"periodSeconds\":2,"
                                + "\"successThreshold\":1,\"timeoutSeconds\":30}"),
                rule("healthcheck NONE → no probes", b -> b.healthCheck(new HealthCheckConfig(
                        List.of("NONE"), null, null, null, null, null)), DEPLOY, C + "/readinessProbe", "null"),
                rule("resources", b -> b.deploy(deploy("", null, null, new Resources(
                        new Resource("0.5", 512L << 20, null), new Resource("0.001", 0, null)), null)), DEPLOY,
                        C + "/resources", "{\"limits\":{\"cpu\":\"500m\",\"memory\":\"536870912\"},"
                                + "\"requests\":{\"cpu\":\"1m\"}}"),
                rule("placement constraints → node affinity", b -> b.deploy(deploy("", null, null, null,
                        new Placement(new Constraints(new Constraints.Constraint("linux", "=="), null,
                                new Constraints.Constraint("n1", "!="),
                                Map.of("disk", new Constraints.Constraint("ssd", "=="))), null))), DEPLOY,
                        POD + "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0",
                        "{\"matchExpressions\":[{\"key\":\"kubernetes.io/os\",\"operator\":\"In\",\"values\":[\"linux\"]},"
                                + "{\"key\":\"kubernetes.io/hostname\",\"operator\":\"NotIn\",\"values\":[\"n1\"]},"
                                + "{\"key\":\"disk\",\"operator\":\"In\",\"values\":[\"ssd\"]}]}"),
                rule("spread preference → topology spread", b -> b.deploy(deploy("", null, null, null,
                        new Placement(null, List.of(new Placement.PlacementPreference("node.labels.zone"))))), DEPLOY,
                        POD + "/topologySpreadConstraints/0/topologyKey", "\"zone\""),
                rule("update_config start-first", b -> b.deploy(deploy("", null,
                        new UpdateConfig(2L, 10 * S, "start-first", null, null), null, null)), DEPLOY, "/spec",
                        "{\"minReadySeconds\":10,\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
                                + "{\"maxSurge\":2,\"maxUnavailable\":0}}}"),
                rule("no service links: compose gives no <SERVICE>_PORT variables", b -> b, DEPLOY,
                        POD + "/enableServiceLinks", "false"),
                rule("stop_grace_period", b -> b.stopGracePeriod(S / 2), DEPLOY, POD + "/terminationGracePeriodSeconds",
                        "1"),
                rule("user, group, caps, privileged, read_only", b -> b.user(1000L).group(2000L)
                        .capAdd(List.of("CAP_NET_ADMIN")).capDrop(List.of("ALL")).privileged(true).readOnly(true),
                        DEPLOY, C + "/securityContext", "{\"capabilities\":{\"add\":[\"NET_ADMIN\"],\"drop\":[\"ALL\"]},"
                                + "\"privileged\":true,\"readOnlyRootFilesystem\":true,\"runAsGroup\":2000,"
                                + "\"runAsUser\":1000}"),
                rule("extra_hosts → hostAliases", b -> b.extraHosts(List.of("db:10.0.0.2", "cache=10.0.0.2",
                        "v6=[::1]")), DEPLOY, POD + "/hostAliases", "[{\"hostnames\":[\"db\",\"cache\"],\"ip\":\"10.0.0.2\"},"
                                + "{\"hostnames\":[\"v6\"],\"ip\":\"::1\"}]"),
                rule("dns → dnsConfig", b -> b.dns(List.of("1.1.1.1")).dnsSearch(List.of("corp"))
                        .dnsOpt(List.of("ndots:2", "rotate")), DEPLOY, POD + "/dnsConfig",
                        "{\"nameservers\":[\"1.1.1.1\"],\"options\":[{\"name\":\"ndots\",\"value\":\"2\"},"
                                + "{\"name\":\"rotate\"}],\"searches\":[\"corp\"]}"),
                rule("pid/ipc host", b -> b.pid("host").ipc("host"), DEPLOY, POD + "/hostPID", "true"),
                rule("pull policy and secret", b -> b.pullPolicy("always").pullSecret("regcred"), DEPLOY, POD,
                        "{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}"),
                rule("labels → pod annotations", b -> b.labels(Map.of("team", "a")), DEPLOY,
                        "/spec/template/metadata/annotations", "{\"team\":\"a\"}"),
                rule("deploy.labels → workload labels", b -> b.deploy(new DeployConfig(null, null,
                        Map.of("tier", "front", "example.com/team", "a"), null, null, null, null, null)), DEPLOY,
                        "/metadata/labels", "{\"tier\":\"front\",\"example.com/team\":\"a\"}"),
                rule("named volume → StatefulSet claim", b -> b.volumes(List.of(
                        new ServiceVolumeConfig("volume", "data", "/data", false, null))), "StatefulSet/web",
                        "/spec/volumeClaimTemplates/0/spec", "{\"accessModes\":[\"ReadWriteOnce\"],"
                                + "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}"),
                rule("bind → hostPath", b -> b.volumes(List.of(
                        new ServiceVolumeConfig("bind", "/var/log", "/logs", true, null))), DEPLOY,
                        POD + "/volumes/0", "{\"hostPath\":{\"path\":\"/var/log\"},\"name\":\"bind-0\"}"),
                rule("tmpfs → memory emptyDir", b -> b.tmpfs(List.of("/run:size=64m")), DEPLOY, POD + "/volumes/0",
                        "{\"emptyDir\":{\"medium\":\"Memory\",\"sizeLimit\":\"67108864\"},\"name\":\"tmpfs-list-0\"}"),
                rule("anonymous volume → emptyDir", b -> b.volumes(List.of(
                        new ServiceVolumeConfig("volume", "", "/cache", false, null))), DEPLOY, C + "/volumeMounts",
                        "[{\"mountPath\":\"/cache\",\"name\":\"anon-0\"}]"),
                rule("ingress → ClusterIP internal Service", b -> b.ingress(List.of(new IngressConfig(
                        "shop.example", "", "", 80, "", "", null))), "Service/web", "/spec/type", "\"ClusterIP\""),
                rule("ingress rule", b -> b.ingress(List.of(new IngressConfig(
                        "shop.example", "/api", "", 80, "shop-tls", "nginx", null))), "Ingress/web", "/spec",
                        "{\"ingressClassName\":\"nginx\",\"rules\":[{\"host\":\"shop.example\",\"http\":{\"paths\":"
                                + "[{\"backend\":{\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}},"
                                + "\"path\":\"/api\",\"pathType\":\"Prefix\"}]}}],"
                                + "\"tls\":[{\"hosts\":[\"shop.example\"],\"secretName\":\"shop-tls\"}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void mapsAsExpected(String name, UnaryOperator<ServiceConfigBuilder> change, String object, String pointer,
            String expectedJson) throws Exception {
        JsonNode found = ConvertFixture.object(ConvertFixture.convertWeb(change), object).at(pointer);
        // Re-read so that numbers compare by value, not by the node type that serialisation chose.
        JsonNode actual = found.isMissingNode() ? found : ConvertFixture.JSON.readTree(found.toString());
        JsonNode expected = ConvertFixture.JSON.readTree(expectedJson);

        if (expected.isNull()) {
            assertThat(actual.isMissingNode()).as(name + ": " + actual).isTrue();
        } else if (expected.isObject()) {
            expected.fields().forEachRemaining(e ->
                    assertThat(actual.get(e.getKey())).as(name + ": " + e.getKey()).isEqualTo(e.getValue()));
        } else {
            assertThat(actual).as(name).isEqualTo(expected);
        }
    }
}
