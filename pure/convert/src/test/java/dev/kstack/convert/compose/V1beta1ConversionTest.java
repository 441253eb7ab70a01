package dev.kstack.convert.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.api.Constraints;
import dev.kstack.api.DependsOnConfig;
import dev.kstack.api.DeployConfig;
import dev.kstack.api.External;
import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.FileReferenceConfig;
import dev.kstack.api.HealthCheckConfig;
import dev.kstack.api.IngressConfig;
import dev.kstack.api.InternalPort;
import dev.kstack.api.LifecycleHookConfig;
import dev.kstack.api.NetworkConfig;
import dev.kstack.api.ObjectMeta;
import dev.kstack.api.Placement;
import dev.kstack.api.Resource;
import dev.kstack.api.Resources;
import dev.kstack.api.RestartPolicy;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.api.UpdateConfig;
import dev.kstack.api.VolumeConfig;
import dev.kstack.api.v1beta1.StackV1beta1;
import dev.kstack.compose.ComposeException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class V1beta1ConversionTest {
    static final long S = 1_000_000_000L;

    static String resource(String name) throws Exception {
        try (InputStream in = V1beta1ConversionTest.class.getResourceAsStream("/dev/kstack/convert/captured/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static StackV1beta1 v1beta1(String name, String composeFile) {
        return new StackV1beta1(null, null, ObjectMeta.of(name, "default"), new StackV1beta1.Spec(composeFile), null);
    }

    @Test
    void theWordsmithComposeFileBecomesTheCapturedStructuredSpec() throws Exception {
        String text = resource("wordsmith.docker-compose.yml");
        Stack captured = StackJson.read(resource("hellokube.v1alpha3.json"), Stack.class);

        Stack structured = V1beta1Conversion.toV1alpha3(v1beta1("hellokube", text));

        assertThat(structured.spec().services().stream().map(StackJson::write).sorted().toList())
                .isEqualTo(captured.spec().services().stream().map(StackJson::write).sorted().toList());
        assertThat(V1beta1Conversion.toV1beta1(structured).spec().composeFile())
                .as("the user's own text comes back while the spec is unchanged").isEqualTo(text);
        assertThat(V1beta1Conversion.toV1beta1(structured).metadata().annotations()).isEmpty();
    }

    @Test
    void aChangedSpecIsRenderedAsComposeThatLoadsToTheSameSpec() throws Exception {
        Stack structured = V1beta1Conversion.toV1alpha3(v1beta1("shop", resource("wordsmith.docker-compose.yml")));
        Stack changed = new Stack(null, null, structured.metadata(), richSpec(), null);

        StackV1beta1 rendered = V1beta1Conversion.toV1beta1(changed);
        Stack back = V1beta1Conversion.toV1alpha3(rendered);

        assertThat(rendered.spec().composeFile()).contains("services:", "x-kubernetes:");
        assertThat(StackJson.write(back.spec())).isEqualTo(StackJson.write(richSpec()));
    }

    @Test
    void composeTextThatDoesNotLoadIsRefusedWithTheLoadersMessage() {
        assertThatThrownBy(() -> V1beta1Conversion.toV1alpha3(v1beta1("shop", "services:\n  web:\n    ports: 80\n")))
                .isInstanceOf(ComposeException.class)
                .hasMessageContaining("composeFile:3:").hasMessageContaining("services.web.ports");
    }

    static StackSpec richSpec() {
        ServiceConfig api = ServiceConfig.builder().name("api").image("example/api:1")
                .capAdd(List.of("NET_ADMIN")).capDrop(List.of("ALL"))
                .command(List.of("serve", "--port=8080")).entrypoint(List.of("/bin/api"))
                .configs(List.of(new FileReferenceConfig("app-config", "/etc/app.conf", "1", "2", 0440L)))
                .secrets(List.of(FileReferenceConfig.of("db-password")))
                .deploy(new DeployConfig("replicated", 3L, Map.of("tier", "back"),
                        new UpdateConfig(2L, 5 * S, "start-first", S, "pause"),
                        new Resources(new Resource("0.5", 1 << 20, 100L), new Resource("0.25", 1 << 19, null)),
                        new RestartPolicy("on-failure", S, 3L, 60 * S),
                        new Placement(new Constraints(new Constraints.Constraint("linux", "=="),
                                new Constraints.Constraint("arm64", "=="), new Constraints.Constraint("n1", "!="),
                                Map.of("disk", new Constraints.Constraint("ssd", "=="))),
                                List.of(new Placement.PlacementPreference("node.labels.zone"))),
                        "dnsrr"))
                .environment(Map.of("PORT", "8080")).extraHosts(List.of("db=10.0.0.2")).hostname("api0")
                .healthCheck(new HealthCheckConfig(List.of("CMD-SHELL", "curl -f localhost"), S, 2 * S, 3L, 4 * S,
                        5 * S))
                .ipc("host").labels(Map.of("a", "b")).pid("host")
                .ports(List.of(new ServicePortConfig("ingress", 8080, 80, "tcp"),
                        new ServicePortConfig("host", 9000, 9000, "udp")))
                .privileged(true).readOnly(true).stdinOpen(true).tty(true)
                .stopGracePeriod(20 * S).tmpfs(List.of("/run"))
                .user(1000L).group(1000L).groupAdd(List.of("44"))
                .volumes(List.of(new ServiceVolumeConfig("volume", "data", "/data", true, null),
                        new ServiceVolumeConfig("tmpfs", "", "/cache", false, 1024L)))
                .workingDir("/srv").pullSecret("regcred").pullPolicy("always")
                .internalPorts(List.of(new InternalPort(8080, "TCP"))).internalServiceType("ClusterIP")
                .dependsOn(Map.of("db", new DependsOnConfig("service_healthy", true, null)))
                .stopSignal("SIGINT").sysctls(Map.of("net.core.somaxconn", "1024"))
                .dns(List.of("1.1.1.1")).dnsSearch(List.of("example.org")).dnsOpt(List.of("ndots:2"))
                .annotations(Map.of("note", "x")).networks(List.of("back"))
                .ingress(List.of(new IngressConfig("api.example.org", "/", "Prefix", 8080, "tls", "nginx",
                        Map.of("k", "v"))))
                .preStart(List.of(LifecycleHookConfig.of("migrate", "--up"),
                        new LifecycleHookConfig(List.of("chown", "1000", "/data"), "0:0", true, "/data",
                                Map.of("MODE", "setup"))))
                .postStart(List.of(LifecycleHookConfig.of("sh", "-c", "echo started")))
                .preStop(List.of(new LifecycleHookConfig(List.of("drain"), "", false, "/srv", Map.of())))
                .build();
        return new StackSpec(List.of(api, ServiceConfig.builder().name("db").image("postgres")
                .networks(List.of("back")).build()),
                Map.of("db-password", new FileObjectConfig(null, "/secrets/pw.txt", null, null)),
                Map.of("app-config", new FileObjectConfig(null, null, new External("shared-config", true), null)),
                Map.of("data", new VolumeConfig(null, null, Map.of("x", "y"), "5Gi", "fast", List.of("ReadWriteOnce"))),
                Map.of("back", new NetworkConfig("", true)),
                true);
    }
}
