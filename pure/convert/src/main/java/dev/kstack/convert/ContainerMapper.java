package dev.kstack.convert;

import dev.kstack.api.Resource;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The single container of a service's pods: image, command, environment, ports, security, resources, probes. */
final class ContainerMapper {
    /** The names Kubernetes accepts for environment variables. */
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private ContainerMapper() {
    }

    static Container of(ServiceContext ctx, List<VolumeMount> mounts) {
        ServiceConfig s = ctx.service();
        HealthProbes.Probes probes = HealthProbes.of(ctx);
        ContainerBuilder b = new ContainerBuilder()
                .withName(ctx.objectName())
                .withImage(s.image())
                .withImagePullPolicy(pullPolicy(ctx))
                .withEnv(env(ctx))
                .withPorts(ports(s))
                .withWorkingDir(s.workingDir().isEmpty() ? null : s.workingDir())
                .withSecurityContext(securityContext(ctx))
                .withResources(resources(ctx))
                .withVolumeMounts(mounts)
                .withReadinessProbe(probes.readiness().orElse(null))
                .withLivenessProbe(probes.liveness().orElse(null))
                .withStartupProbe(probes.startup().orElse(null))
                .withLifecycle(LifecycleHooks.lifecycle(ctx));
        // Compose's entrypoint replaces the image's ENTRYPOINT (Kubernetes' command), its command the CMD (args).
        if (!s.entrypoint().isEmpty()) {
            b.withCommand(DollarEscaping.escape(s.entrypoint()));
        }
        if (!s.command().isEmpty()) {
            b.withArgs(DollarEscaping.escape(s.command()));
        }
        if (s.tty()) {
            b.withTty(true);
        }
        if (s.stdinOpen()) {
            b.withStdin(true);
        }
        if (!s.stopSignal().isEmpty() && !s.stopSignal().equals("SIGTERM") && !s.stopSignal().equals("TERM")) {
            ctx.warn("stop_signal " + s.stopSignal() + " is ignored (Kubernetes sends SIGTERM)");
        }
        return b.build();
    }

    private static String pullPolicy(ServiceContext ctx) {
        String p = ctx.service().pullPolicy().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "" -> null;
            case "always" -> "Always";
            case "never" -> "Never";
            case "missing", "if_not_present", "ifnotpresent" -> "IfNotPresent";
            default -> {
                ctx.warn("pull_policy \"" + ctx.service().pullPolicy() + "\" is ignored");
                yield null;
            }
        };
    }

    private static List<EnvVar> env(ServiceContext ctx) {
        return envVars(ctx, "", ctx.service().environment());
    }

    /**
     * Compose variables as container variables, in order; one without a value, or with a name Kubernetes refuses, is
     * left out with a warning ({@code where} prefixes it, e.g. a hook's field path and ": ").
     */
    static List<EnvVar> envVars(ServiceContext ctx, String where, Map<String, String> environment) {
        List<EnvVar> env = new ArrayList<>();
        environment.forEach((k, v) -> {
            if (v == null) {
                ctx.warn(where + "environment variable " + k + " has no value and is left out");
            } else if (!ENV_NAME.matcher(k).matches()) {
                ctx.warn(where + "environment variable " + k + " is left out (Kubernetes allows letters, digits, _ - .)");
            } else {
                env.add(new EnvVar(k, DollarEscaping.escape(v), null));
            }
        });
        return env;
    }

    /** One container port per target and protocol; host-mode ports also get a hostPort. */
    static List<ContainerPort> ports(ServiceConfig s) {
        Map<PortKey, ContainerPort> ports = new LinkedHashMap<>();
        for (ServicePortConfig p : s.ports()) {
            PortKey key = PortKey.of(p.target(), p.protocol());
            ContainerPortBuilder b = new ContainerPortBuilder().withContainerPort(p.target())
                    .withProtocol(key.protocol());
            if (ServicePortConfig.MODE_HOST.equals(p.mode())) {
                b.withHostPort(p.published() > 0 ? p.published() : p.target());
            }
            ports.putIfAbsent(key, b.build());
        }
        s.internalPorts().forEach(p -> ports.putIfAbsent(PortKey.of(p.port(), p.protocol()),
                new ContainerPortBuilder().withContainerPort(p.port()).withProtocol(PortKey.protocol(p.protocol()))
                        .build()));
        return List.copyOf(ports.values());
    }

    private static SecurityContext securityContext(ServiceContext ctx) {
        ServiceConfig s = ctx.service();
        boolean any = s.user() != null || s.group() != null || s.privileged() || s.readOnly()
                || !s.capAdd().isEmpty() || !s.capDrop().isEmpty();
        if (!any) {
            return null;
        }
        SecurityContextBuilder b = new SecurityContextBuilder()
                .withRunAsUser(s.user())
                .withRunAsGroup(s.group());
        if (s.privileged()) {
            b.withPrivileged(true);
        }
        if (s.readOnly()) {
            b.withReadOnlyRootFilesystem(true);
        }
        if (!s.capAdd().isEmpty() || !s.capDrop().isEmpty()) {
            b.withCapabilities(new Capabilities(capabilities(s.capAdd()), capabilities(s.capDrop())));
        }
        return b.build();
    }

    /** Kubernetes names capabilities without the {@code CAP_} prefix. */
    private static List<String> capabilities(List<String> caps) {
        return caps.stream().map(c -> c.toUpperCase(Locale.ROOT))
                .map(c -> c.startsWith("CAP_") ? c.substring(4) : c).toList();
    }

    private static ResourceRequirements resources(ServiceContext ctx) {
        Resource limits = ctx.service().deploy().resources().limits();
        Resource reservations = ctx.service().deploy().resources().reservations();
        Map<String, Quantity> l = amounts(ctx, "limits", limits);
        Map<String, Quantity> r = amounts(ctx, "reservations", reservations);
        if (l.isEmpty() && r.isEmpty()) {
            return null;
        }
        return new ResourceRequirementsBuilder().withLimits(l.isEmpty() ? null : l)
                .withRequests(r.isEmpty() ? null : r).build();
    }

    private static Map<String, Quantity> amounts(ServiceContext ctx, String field, Resource r) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        if (r == null) {
            return out;
        }
        if (!r.cpus().isEmpty()) {
            if (Quantities.isDecimal(r.cpus())) {
                out.put("cpu", Quantities.cpus(r.cpus()));
            } else {
                ctx.problem("deploy.resources." + field + ".cpus", "\"" + r.cpus() + "\" is not a number of CPUs");
            }
        }
        if (r.memory() > 0) {
            out.put("memory", Quantities.bytes(r.memory()));
        }
        if (r.pids() != null) {
            ctx.warn("deploy.resources." + field + ".pids is ignored (Kubernetes sets pid limits per node)");
        }
        return out;
    }
}
