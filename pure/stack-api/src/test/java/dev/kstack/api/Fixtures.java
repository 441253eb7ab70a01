package dev.kstack.api;

import java.util.List;
import java.util.Map;

/** A service and a spec that set every field, for round trips. */
final class Fixtures {
    private Fixtures() {
    }

    static ServiceConfig fullService() {
        return ServiceConfig.builder()
                .name("api").image("example/api:1").capAdd(List.of("NET_ADMIN")).capDrop(List.of("ALL"))
                .command(List.of("serve", "--port=8080")).entrypoint(List.of("/bin/api"))
                .configs(List.of(new FileReferenceConfig("app-config", "/etc/app.conf", "1", "2", 0440L)))
                .secrets(List.of(new FileReferenceConfig("db-password", null, null, null, null)))
                .deploy(new DeployConfig("replicated", 3L, Map.of("tier", "back"),
                        new UpdateConfig(2L, 5_000_000_000L, "start-first", 1_000_000_000L, "pause"),
                        new Resources(new Resource("0.5", 1 << 20, 100L), new Resource("0.25", 1 << 19, null)),
                        new RestartPolicy("on-failure", 1_000_000_000L, 3L, 60_000_000_000L),
                        new Placement(new Constraints(new Constraints.Constraint("linux", "=="),
                                new Constraints.Constraint("arm64", "=="), new Constraints.Constraint("n1", "!="),
                                Map.of("disk", new Constraints.Constraint("ssd", "=="))),
                                List.of(new Placement.PlacementPreference("node.labels.zone"))),
                        "dnsrr"))
                .environment(Map.of("PORT", "8080")).extraHosts(List.of("db:10.0.0.2")).hostname("api0")
                .healthCheck(new HealthCheckConfig(List.of("CMD-SHELL", "curl -f localhost"), 1L, 2L, 3L, 4L, 5L))
                .ipc("host").labels(Map.of("a", "b")).pid("host")
                .ports(List.of(new ServicePortConfig("ingress", 8080, 80, "tcp"),
                        new ServicePortConfig("host", 9000, 9000, "udp")))
                .privileged(true).readOnly(true).stdinOpen(true).tty(true)
                .stopGracePeriod(20_000_000_000L).tmpfs(List.of("/run"))
                .user(1000L).group(1000L).groupAdd(List.of("video"))
                .volumes(List.of(new ServiceVolumeConfig("volume", "data", "/data", true, null),
                        new ServiceVolumeConfig("tmpfs", null, "/cache", false, 1024L)))
                .workingDir("/srv").pullSecret("regcred").pullPolicy("Always")
                .internalPorts(List.of(new InternalPort(8080, "TCP"))).internalServiceType("ClusterIP")
                .dependsOn(Map.of("db", new DependsOnConfig("service_healthy", true, false)))
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
    }

    static StackSpec fullSpec() {
        return new StackSpec(List.of(fullService(), ServiceConfig.of("db", "postgres")),
                Map.of("db-password", new FileObjectConfig("db-password", "./pw.txt", null, Map.of("l", "v"))),
                Map.of("app-config", new FileObjectConfig(null, null, new External("shared-config", true), null)),
                Map.of("data", new VolumeConfig(null, null, Map.of("x", "y"), "5Gi", "fast",
                        List.of("ReadWriteOnce"))),
                Map.of("back", new NetworkConfig(null, true)),
                true);
    }
}
