package dev.kstack.convert.compose;

import dev.kstack.api.DependsOnConfig;
import dev.kstack.api.FileReferenceConfig;
import dev.kstack.api.HealthCheckConfig;
import dev.kstack.api.InternalPort;
import dev.kstack.api.LifecycleHookConfig;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServiceConfigBuilder;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.compose.model.FileReference;
import dev.kstack.compose.model.Port;
import dev.kstack.compose.model.Service;
import dev.kstack.compose.model.ServiceVolume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One loaded compose service as a Stack service; what the Stack cannot carry is one warning line each. */
final class ServiceMapping {
    private static final Pattern EXPOSE = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(tcp|udp|sctp))?");
    private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\S+))?");

    private ServiceMapping() {
    }

    /** {@code leftOut}: services the stack does not have ({@code provider} ones); depending on them is dropped. */
    static ServiceConfig of(String project, Service s, String home, Set<String> leftOut, Map<String, String> built,
            MappingNotes notes) {
        String name = s.name();
        String path = "services." + name;
        KubernetesExtension ext = KubernetesExtension.of(s.extensions(), path, KubernetesExtension.SERVICE_KEYS,
                notes, "service", name);
        ServiceConfigBuilder b = ServiceConfig.builder()
                .name(name)
                .image(built.containsKey(s.name()) ? built.get(s.name()) : image(project, s, notes))
                .annotations(s.annotations())
                .capAdd(s.capAdd()).capDrop(s.capDrop())
                .command(commandOf(s.command(), name, "command", notes))
                .entrypoint(commandOf(s.entrypoint(), name, "entrypoint", notes))
                .configs(files(s.configs())).secrets(files(s.secrets()))
                .deploy(DeployMapping.of(s, notes))
                .dependsOn(dependsOn(s, leftOut))
                .dns(s.dns()).dnsOpt(s.dnsOpt()).dnsSearch(s.dnsSearch())
                .environment(s.environment())
                .extraHosts(s.extraHosts())
                .groupAdd(s.groupAdd())
                .healthCheck(s.healthcheck().map(ServiceMapping::healthcheck).orElse(null))
                .hostname(s.hostname().orElse(""))
                .ipc(s.ipc().orElse("")).pid(s.pid().orElse(""))
                .labels(s.labels())
                .networks(networks(s))
                .ports(ports(s, notes))
                .internalPorts(expose(s, notes))
                .privileged(s.privileged().orElse(false)).readOnly(s.readOnly().orElse(false))
                .stdinOpen(s.stdinOpen().orElse(false)).tty(s.tty().orElse(false))
                .stopGracePeriod(DeployMapping.nanos(s.stopGracePeriod()))
                .stopSignal(s.stopSignal().orElse(""))
                .sysctls(s.sysctls())
                .tmpfs(s.tmpfs())
                .volumes(volumes(s, home, notes))
                .workingDir(s.workingDir().orElse(""))
                .pullPolicy(pullPolicy(s, notes))
                .pullSecret(ext.string("pull_secret"))
                .internalServiceType(ext.string("internal_service_type"))
                .ingress(ext.ingress())
                .preStart(hooks(s.preStart()))
                .postStart(hooks(s.postStart()))
                .preStop(hooks(s.preStop()));
        user(s, b, notes);
        Ignored.report(s, notes);
        return b.build();
    }

    /**
     * The image; a service with only {@code build}, or with {@code build} and an {@code image} that interpolated to
     * nothing ({@code image: ${TAG}}), gets compose's default image name {@code <project>-<service>}.
     */
    private static String image(String project, Service s, MappingNotes notes) {
        if (s.build().isPresent()) {
            if (s.image().filter(i -> !i.isBlank()).isPresent()) {
                notes.ignored(s.name(), "build");
            } else {
                String image = imageName(project, s);
                notes.service(s.name(), "build is ignored; the image \"" + image
                        + "\" must be pushed where the cluster can pull it");
                return image;
            }
        }
        return s.image().orElse("");
    }

    /** The service's {@code image}, or compose's default name {@code <project>-<service>} when it has none. */
    static String imageName(String project, Service s) {
        return s.image().filter(i -> !i.isBlank()).orElse(project + "-" + s.name());
    }

    private static List<String> commandOf(Optional<List<String>> cmd, String service, String field, MappingNotes notes) {
        if (cmd.isPresent() && cmd.get().isEmpty()) {
            notes.service(service, "an empty " + field + " is ignored (the image's own is used)");
        }
        return cmd.orElse(List.of());
    }

    /** The service's networks; only the implicit {@code default} is the same as none. */
    private static List<String> networks(Service s) {
        List<String> names = List.copyOf(s.networks().keySet());
        return names.equals(List.of("default")) ? List.of() : names;
    }

    private static List<LifecycleHookConfig> hooks(List<Service.Hook> hooks) {
        return hooks.stream().map(h -> new LifecycleHookConfig(h.command(), h.user().orElse(""),
                h.privileged().orElse(false), h.workingDir().orElse(""), h.environment())).toList();
    }

    private static List<FileReferenceConfig> files(List<FileReference> refs) {
        return refs.stream().map(r -> new FileReferenceConfig(r.source(), r.target().orElse(""), r.uid().orElse(""),
                r.gid().orElse(""), r.mode().map(Integer::longValue).orElse(null))).toList();
    }

    private static Map<String, DependsOnConfig> dependsOn(Service s, Set<String> leftOut) {
        Map<String, DependsOnConfig> out = new LinkedHashMap<>();
        s.dependsOn().entrySet().stream().filter(e -> !leftOut.contains(e.getKey())).forEach(e -> out.put(e.getKey(),
                dependsOn(e.getValue())));
        return out;
    }

    private static DependsOnConfig dependsOn(Service.DependsOn d) {
        return new DependsOnConfig(d.condition(), Boolean.TRUE.equals(d.restart()),
                d.required() == null || d.required() ? null : Boolean.FALSE);
    }

    private static HealthCheckConfig healthcheck(Service.Healthcheck h) {
        List<String> test = h.disable().orElse(false) ? List.of("NONE") : h.test();
        return new HealthCheckConfig(test, DeployMapping.nanos(h.timeout()), DeployMapping.nanos(h.interval()),
                h.retries().map(Integer::longValue).orElse(null), DeployMapping.nanos(h.startPeriod()),
                DeployMapping.nanos(h.startInterval()));
    }

    private static List<ServicePortConfig> ports(Service s, MappingNotes notes) {
        List<ServicePortConfig> out = new ArrayList<>();
        for (int i = 0; i < s.ports().size(); i++) {
            Port p = s.ports().get(i);
            int published = 0;
            if (p.published().isPresent() && !p.published().get().isEmpty()) {
                String pub = p.published().get();
                int dash = pub.indexOf('-');
                if (dash > 0) {
                    notes.service(s.name(), "ports[" + i + "] publishes the first port of the range " + pub);
                    pub = pub.substring(0, dash);
                }
                try {
                    published = Integer.parseInt(pub.trim());
                } catch (NumberFormatException e) {
                    notes.problem("services." + s.name() + ".ports[" + i + "].published",
                            "\"" + p.published().get() + "\" is not a port number");
                }
            }
            if (p.hostIp().isPresent()) {
                notes.service(s.name(), "ports[" + i + "].host_ip is ignored");
            }
            out.add(new ServicePortConfig(p.mode(), p.target(), published, p.protocol()));
        }
        return out;
    }

    /** {@code expose}: ports reachable inside the cluster, which make the internal Service a ClusterIP one. */
    private static List<InternalPort> expose(Service s, MappingNotes notes) {
        List<InternalPort> out = new ArrayList<>();
        for (int i = 0; i < s.expose().size(); i++) {
            String e = s.expose().get(i).trim();
            Matcher m = EXPOSE.matcher(e);
            if (!m.matches()) {
                notes.problem("services." + s.name() + ".expose[" + i + "]", "\"" + e
                        + "\" is not PORT, PORT/PROTOCOL or a range START-END");
                continue;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            String protocol = m.group(3) == null ? "TCP" : m.group(3).toUpperCase(Locale.ROOT);
            for (int port = from; port <= to && port - from < 1000; port++) {
                out.add(new InternalPort(port, protocol));
            }
        }
        return out;
    }

    private static List<ServiceVolumeConfig> volumes(Service s, String home, MappingNotes notes) {
        List<ServiceVolumeConfig> out = new ArrayList<>();
        if (s.shmSize().isPresent()) {
            out.add(new ServiceVolumeConfig(ServiceVolumeConfig.TYPE_TMPFS, "", "/dev/shm", false,
                    s.shmSize().get().bytes()));
        }
        for (int i = 0; i < s.volumes().size(); i++) {
            ServiceVolume v = s.volumes().get(i);
            String type = v.type();
            if (!type.equals("volume") && !type.equals("bind") && !type.equals("tmpfs")) {
                notes.service(s.name(), "volumes[" + i + "] of type " + type + " is ignored");
                continue;
            }
            String source = v.source().orElse("");
            if (type.equals("bind") && !home.isEmpty() && (source.equals("~") || source.startsWith("~/"))) {
                source = home + source.substring(1);
            }
            if (v.volume().flatMap(ServiceVolume.VolumeOptions::subpath).isPresent()) {
                notes.service(s.name(), "volumes[" + i + "].volume.subpath is ignored");
            }
            Long size = v.tmpfs().flatMap(ServiceVolume.Tmpfs::size).map(b -> b.bytes()).orElse(null);
            out.add(new ServiceVolumeConfig(type, source, v.target(), v.readOnly().orElse(false), size));
        }
        if (!s.volumesFrom().isEmpty()) {
            notes.service(s.name(), "volumes_from is ignored (pods of different services share no volumes)");
        }
        return out;
    }

    private static String pullPolicy(Service s, MappingNotes notes) {
        String p = s.pullPolicy().orElse("");
        return switch (p) {
            case "", "always", "never", "missing", "if_not_present" -> p;
            default -> {
                notes.service(s.name(), "pull_policy " + p + " is ignored");
                yield "";
            }
        };
    }

    /** {@code user: uid[:gid]}; a user or group name cannot be expressed (Kubernetes needs numbers). */
    private static void user(Service s, ServiceConfigBuilder b, MappingNotes notes) {
        if (s.user().isEmpty()) {
            return;
        }
        Matcher m = NUMERIC_USER.matcher(s.user().get());
        if (!m.matches()) {
            notes.service(s.name(), "user \"" + s.user().get() + "\" is ignored (Kubernetes needs a numeric uid)");
            return;
        }
        b.user(Long.valueOf(m.group(1)));
        if (m.group(2) != null) {
            if (m.group(2).chars().allMatch(Character::isDigit)) {
                b.group(Long.valueOf(m.group(2)));
            } else {
                notes.service(s.name(), "user group \"" + m.group(2) + "\" is ignored (Kubernetes needs a numeric gid)");
            }
        }
    }
}
