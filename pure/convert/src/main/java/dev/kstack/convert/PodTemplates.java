package dev.kstack.convert;

import dev.kstack.api.Dns1123;
import dev.kstack.api.RestartPolicy;
import dev.kstack.api.ServiceConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pod template of a service: labels, annotations, the container and the pod-level fields. Service links
 * (Docker-link environment variables for the namespace's Services) are off: compose has none.
 */
final class PodTemplates {
    /** Sysctls that Kubernetes allows without node configuration. */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");
    static final String NETWORK_LABEL_PREFIX = "kstack.dev/network-";

    private PodTemplates() {
    }

    static PodTemplateSpec of(ServiceContext ctx, PodVolumes.Result volumes) {
        ServiceConfig s = ctx.service();
        FileMounts.Result files = FileMounts.of(ctx);
        List<Volume> allVolumes = new ArrayList<>(volumes.volumes());
        allVolumes.addAll(files.volumes());
        List<VolumeMount> mounts = new ArrayList<>(volumes.mounts());
        mounts.addAll(files.mounts());
        List<HostAlias> extraHosts = hostAliases(ctx);
        Optional<StackHosts.Mount> hosts = StackHosts.of(ctx, extraHosts);
        hosts.ifPresent(h -> {
            allVolumes.add(h.volume());
            mounts.add(h.mount());
        });

        Container main = ContainerMapper.of(ctx, mounts);
        PodSpecBuilder pod = new PodSpecBuilder()
                .withInitContainers(LifecycleHooks.initContainers(ctx, main))
                .withContainers(main)
                // Compose gives a container its image's and its own environment only; Kubernetes would add
                // <SERVICE>_PORT=tcp://... and the like for every Service of the namespace (kstack's ClusterIP
                // ones too), which clash with what programs read (REDIS_PORT, DB_HOST, ...).
                .withEnableServiceLinks(false)
                .withVolumes(allVolumes)
                .withAffinity(Scheduling.affinity(ctx).orElse(null))
                .withTopologySpreadConstraints(Scheduling.spread(ctx))
                .withHostAliases(extraHosts)
                .withDnsConfig(dnsConfig(s))
                .withSecurityContext(podSecurityContext(ctx));
        if (s.stopGracePeriod() != null) {
            pod.withTerminationGracePeriodSeconds((long) Durations.seconds(s.stopGracePeriod(), 30, 0));
        }
        if (!s.pullSecret().isEmpty()) {
            pod.withImagePullSecrets(new LocalObjectReference(s.pullSecret()));
        }
        if (!s.hostname().isEmpty()) {
            if (Dns1123.isLabel(s.hostname())) {
                pod.withHostname(s.hostname());
            } else {
                ctx.warn("hostname \"" + s.hostname() + "\" is ignored (not a DNS-1123 label)");
            }
        }
        namespaceSharing(ctx, "pid", s.pid(), pod::withHostPID);
        namespaceSharing(ctx, "ipc", s.ipc(), pod::withHostIPC);
        restartPolicy(ctx);

        Map<String, String> labels = new LinkedHashMap<>(ctx.labels());
        if (ctx.spec().networkPolicies()) {
            networks(s).forEach(n -> labels.put(NETWORK_LABEL_PREFIX + n, "true"));
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations(ctx, "labels", s.labels(), annotations);
        annotations(ctx, "annotations", s.annotations(), annotations);
        if (!files.contentHash().isEmpty()) {
            annotations.put(FileMounts.CONTENT_HASH, files.contentHash());
        }
        hosts.ifPresent(h -> annotations.put(StackHosts.ANNOTATION, h.content()));
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                .endMetadata()
                .withSpec(pod.build())
                .build();
    }

    /** Compose labels and annotations become pod annotations; a key Kubernetes does not accept is a warning. */
    private static void annotations(ServiceContext ctx, String field, Map<String, String> from,
            Map<String, String> into) {
        new TreeMap<>(from).forEach((k, v) -> {
            if (Workloads.isLabelKey(k)) {
                into.put(k, v);
            } else {
                ctx.warn(field + " " + k + " is ignored (not a valid Kubernetes annotation key)");
            }
        });
    }

    /** The compose networks of the service; {@code default} when it names none. */
    static List<String> networks(ServiceConfig s) {
        return s.networks().isEmpty() ? List.of("default") : s.networks().stream().sorted().toList();
    }

    private static void namespaceSharing(ServiceContext ctx, String field, String value,
            Function<Boolean, PodSpecBuilder> setter) {
        if (value.equals("host")) {
            setter.apply(true);
        } else if (!value.isEmpty()) {
            ctx.warn(field + " \"" + value + "\" is ignored (only \"host\" is supported)");
        }
    }

    private static void restartPolicy(ServiceContext ctx) {
        RestartPolicy rp = ctx.service().deploy().restartPolicy();
        if (rp == null) {
            return;
        }
        if (rp.condition().equals(RestartPolicy.NONE) || rp.condition().equals(RestartPolicy.ON_FAILURE)) {
            ctx.warn("restart_policy.condition " + rp.condition()
                    + " is not honoured (pods of a long-running workload always restart)");
        }
        if (rp.delay() != null) {
            ctx.warn("restart_policy.delay is ignored (Kubernetes uses its own back-off)");
        }
        if (rp.maxAttempts() != null) {
            ctx.warn("restart_policy.max_attempts is ignored");
        }
        if (rp.window() != null) {
            ctx.warn("restart_policy.window is ignored");
        }
    }

    private static List<HostAlias> hostAliases(ServiceContext ctx) {
        Map<String, List<String>> byIp = new LinkedHashMap<>();
        List<String> hosts = ctx.service().extraHosts();
        for (int i = 0; i < hosts.size(); i++) {
            String entry = hosts.get(i);
            int sep = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.indexOf(':');
            if (sep <= 0 || sep == entry.length() - 1) {
                ctx.problem("extra_hosts[" + i + "]", "\"" + entry + "\" is not HOST:IP or HOST=IP");
                continue;
            }
            String ip = entry.substring(sep + 1).replace("[", "").replace("]", "");
            byIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(entry.substring(0, sep));
        }
        List<HostAlias> out = new ArrayList<>();
        byIp.forEach((ip, names) -> out.add(new HostAlias(names, ip)));
        return out;
    }

    private static PodDNSConfig dnsConfig(ServiceConfig s) {
        if (s.dns().isEmpty() && s.dnsSearch().isEmpty() && s.dnsOpt().isEmpty()) {
            return null;
        }
        List<PodDNSConfigOption> options = s.dnsOpt().stream().map(o -> {
            int colon = o.indexOf(':');
            return colon < 0 ? new PodDNSConfigOption(o, null)
                    : new PodDNSConfigOption(o.substring(0, colon), o.substring(colon + 1));
        }).toList();
        return new PodDNSConfig(s.dns(), options, s.dnsSearch());
    }

    private static PodSecurityContext podSecurityContext(ServiceContext ctx) {
        ServiceConfig s = ctx.service();
        List<Long> groups = new ArrayList<>();
        for (String g : s.groupAdd()) {
            try {
                groups.add(Long.parseLong(g));
            } catch (NumberFormatException e) {
                ctx.warn("group_add \"" + g + "\" is ignored (Kubernetes needs a numeric group id)");
            }
        }
        List<Sysctl> sysctls = new ArrayList<>();
        new TreeMap<>(s.sysctls()).forEach((k, v) -> {
            if (SAFE_SYSCTLS.contains(k)) {
                sysctls.add(new Sysctl(k, v));
            } else {
                ctx.warn("sysctl " + k + " is ignored (not a safe sysctl in Kubernetes)");
            }
        });
        if (groups.isEmpty() && sysctls.isEmpty()) {
            return null;
        }
        return new PodSecurityContextBuilder().withSupplementalGroups(groups.isEmpty() ? null : groups)
                .withSysctls(sysctls.isEmpty() ? null : sysctls).build();
    }
}
