package dev.kstack.convert.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kstack.api.Constraints;
import dev.kstack.api.DeployConfig;
import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.FileReferenceConfig;
import dev.kstack.api.HealthCheckConfig;
import dev.kstack.api.IngressConfig;
import dev.kstack.api.LifecycleHookConfig;
import dev.kstack.api.Resource;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.VolumeConfig;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Stack spec as a compose file: what a v1beta1 reader sees of a stack that was written in a structured
 * version. Loading the text and mapping it with {@link ComposeToStack} gives the same spec back.
 */
public final class SpecToCompose {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private SpecToCompose() {
    }

    public static String yaml(String stackName, StackSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        put(root, "name", stackName);
        Map<String, Object> services = new LinkedHashMap<>();
        spec.services().forEach(s -> services.put(s.name(), service(s)));
        root.put("services", services);
        Map<String, Object> volumes = new LinkedHashMap<>();
        spec.volumes().forEach((k, v) -> volumes.put(k, volume(k, v)));
        put(root, "volumes", volumes);
        Map<String, Object> networks = new LinkedHashMap<>();
        spec.networks().forEach((k, n) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "name", n.name());
            if (n.internal()) {
                m.put("internal", true);
            }
            networks.put(k, m);
        });
        put(root, "networks", networks);
        put(root, "secrets", files(spec.secrets()));
        put(root, "configs", files(spec.configs()));
        if (spec.networkPolicies()) {
            root.put(KubernetesExtension.KEY, Map.of("network_policies", true));
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> service(ServiceConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "image", s.image());
        put(m, "annotations", s.annotations());
        put(m, "cap_add", s.capAdd());
        put(m, "cap_drop", s.capDrop());
        put(m, "command", s.command());
        put(m, "configs", refs(s.configs()));
        put(m, "depends_on", dependsOn(s));
        put(m, "deploy", deploy(s.deploy()));
        put(m, "dns", s.dns());
        put(m, "dns_opt", s.dnsOpt());
        put(m, "dns_search", s.dnsSearch());
        put(m, "entrypoint", s.entrypoint());
        put(m, "environment", s.environment());
        put(m, "expose", s.internalPorts().stream()
                .map(p -> p.port() + "/" + p.protocol().toLowerCase(Locale.ROOT)).toList());
        put(m, "extra_hosts", s.extraHosts());
        put(m, "group_add", s.groupAdd());
        if (s.healthCheck() != null) {
            m.put("healthcheck", healthcheck(s.healthCheck()));
        }
        put(m, "hostname", s.hostname());
        put(m, "ipc", s.ipc());
        put(m, "labels", s.labels());
        put(m, "networks", s.networks());
        put(m, "pid", s.pid());
        put(m, "ports", s.ports().stream().map(SpecToCompose::port).toList());
        put(m, "post_start", s.postStart().stream().map(SpecToCompose::hook).toList());
        put(m, "pre_start", s.preStart().stream().map(SpecToCompose::hook).toList());
        put(m, "pre_stop", s.preStop().stream().map(SpecToCompose::hook).toList());
        if (s.privileged()) {
            m.put("privileged", true);
        }
        put(m, "pull_policy", pullPolicy(s.pullPolicy()));
        if (s.readOnly()) {
            m.put("read_only", true);
        }
        put(m, "secrets", refs(s.secrets()));
        if (s.stdinOpen()) {
            m.put("stdin_open", true);
        }
        if (s.stopGracePeriod() != null) {
            m.put("stop_grace_period", duration(s.stopGracePeriod()));
        }
        put(m, "stop_signal", s.stopSignal());
        put(m, "sysctls", s.sysctls());
        put(m, "tmpfs", s.tmpfs());
        if (s.tty()) {
            m.put("tty", true);
        }
        if (s.user() != null) {
            m.put("user", s.user() + (s.group() == null ? "" : ":" + s.group()));
        }
        put(m, "volumes", s.volumes().stream().map(SpecToCompose::volumeMount).toList());
        put(m, "working_dir", s.workingDir());
        Map<String, Object> ext = new LinkedHashMap<>();
        put(ext, "pull_secret", s.pullSecret());
        put(ext, "internal_service_type", s.internalServiceType());
        put(ext, "ingress", s.ingress().stream().map(SpecToCompose::ingress).toList());
        put(m, KubernetesExtension.KEY, ext);
        return m;
    }

    private static Map<String, Object> dependsOn(ServiceConfig s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.dependsOn().forEach((k, d) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("condition", d.effectiveCondition());
            if (d.restart()) {
                m.put("restart", true);
            }
            if (!d.mustExist()) {
                m.put("required", false);
            }
            out.put(k, m);
        });
        return out;
    }

    private static Map<String, Object> deploy(DeployConfig d) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "mode", d.mode());
        if (d.replicas() != null) {
            m.put("replicas", d.replicas());
        }
        put(m, "labels", d.labels());
        put(m, "endpoint_mode", d.endpointMode());
        if (d.updateConfig() != null) {
            Map<String, Object> u = new LinkedHashMap<>();
            if (d.updateConfig().parallelism() != null) {
                u.put("parallelism", d.updateConfig().parallelism());
            }
            putDuration(u, "delay", d.updateConfig().delay());
            put(u, "order", d.updateConfig().order());
            putDuration(u, "monitor", d.updateConfig().monitor());
            put(u, "failure_action", d.updateConfig().failureAction());
            m.put("update_config", u);
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        put(resources, "limits", resource(d.resources().limits()));
        put(resources, "reservations", resource(d.resources().reservations()));
        put(m, "resources", resources);
        if (d.restartPolicy() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            put(r, "condition", d.restartPolicy().condition());
            putDuration(r, "delay", d.restartPolicy().delay());
            if (d.restartPolicy().maxAttempts() != null) {
                r.put("max_attempts", d.restartPolicy().maxAttempts());
            }
            putDuration(r, "window", d.restartPolicy().window());
            m.put("restart_policy", r);
        }
        Map<String, Object> placement = new LinkedHashMap<>();
        Constraints c = d.placement().constraints();
        if (c != null) {
            List<String> constraints = new ArrayList<>();
            constraint(constraints, "node.platform.os", c.operatingSystem());
            constraint(constraints, "node.platform.arch", c.architecture());
            constraint(constraints, "node.hostname", c.hostname());
            c.matchLabels().forEach((k, v) -> constraint(constraints, "node.labels." + k, v));
            put(placement, "constraints", constraints);
        }
        put(placement, "preferences", d.placement().preferences().stream()
                .map(p -> Map.of("spread", p.spread())).toList());
        put(m, "placement", placement);
        return m;
    }

    private static void constraint(List<String> out, String key, Constraints.Constraint c) {
        if (c != null) {
            out.add(key + c.operator() + c.value());
        }
    }

    private static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r == null) {
            return m;
        }
        if (!r.cpus().isEmpty()) {
            m.put("cpus", new BigDecimal(r.cpus()));
        }
        if (r.memory() > 0) {
            m.put("memory", r.memory());
        }
        if (r.pids() != null) {
            m.put("pids", r.pids());
        }
        return m;
    }

    private static Map<String, Object> healthcheck(HealthCheckConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test", h.test());
        putDuration(m, "interval", h.interval());
        putDuration(m, "timeout", h.timeout());
        if (h.retries() != null) {
            m.put("retries", h.retries());
        }
        putDuration(m, "start_period", h.startPeriod());
        putDuration(m, "start_interval", h.startInterval());
        return m;
    }

    private static Map<String, Object> port(ServicePortConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", p.target());
        if (p.published() > 0) {
            m.put("published", String.valueOf(p.published()));
        }
        put(m, "protocol", p.protocol());
        put(m, "mode", p.mode());
        return m;
    }

    private static Map<String, Object> volumeMount(ServiceVolumeConfig v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", v.type());
        put(m, "source", v.source());
        m.put("target", v.target());
        if (v.readOnly()) {
            m.put("read_only", true);
        }
        if (v.tmpfsSize() != null) {
            m.put("tmpfs", Map.of("size", v.tmpfsSize()));
        }
        return m;
    }

    private static Map<String, Object> ingress(IngressConfig i) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "host", i.host());
        put(m, "path", i.path());
        put(m, "path_type", i.pathType());
        if (i.port() > 0) {
            m.put("port", i.port());
        }
        put(m, "tls_secret", i.tlsSecret());
        put(m, "class_name", i.className());
        put(m, "annotations", i.annotations());
        return m;
    }

    private static List<Map<String, Object>> refs(List<FileReferenceConfig> refs) {
        return refs.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", r.source());
            put(m, "target", r.target());
            put(m, "uid", r.uid());
            put(m, "gid", r.gid());
            if (r.mode() != null) {
                m.put("mode", r.mode());
            }
            return m;
        }).toList();
    }

    private static Map<String, Object> files(Map<String, FileObjectConfig> files) {
        Map<String, Object> out = new LinkedHashMap<>();
        files.forEach((k, f) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "name", f.external().external() ? f.objectName(k) : f.name());
            if (f.external().external()) {
                m.put("external", true);
            } else {
                put(m, "file", f.file());
            }
            put(m, "labels", f.labels());
            out.put(k, m);
        });
        return out;
    }

    private static Map<String, Object> volume(String key, VolumeConfig v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v.external().external()) {
            m.put("external", true);
            put(m, "name", v.claimName(key));
        }
        put(m, "labels", v.labels());
        Map<String, Object> ext = new LinkedHashMap<>();
        put(ext, "size", v.size());
        put(ext, "storage_class", v.storageClass());
        put(ext, "access_modes", v.accessModes());
        put(m, KubernetesExtension.KEY, ext);
        return m;
    }

    /** Compose's pull_policy for the wire value (which may use the Kubernetes spelling). */
    private static String pullPolicy(String p) {
        return switch (p) {
            case "Always" -> "always";
            case "Never" -> "never";
            case "IfNotPresent" -> "missing";
            default -> p;
        };
    }

    static String duration(long nanos) {
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + "s" : nanos + "ns";
    }

    private static Map<String, Object> hook(LifecycleHookConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "command", h.command());
        put(m, "user", h.user());
        if (h.privileged()) {
            m.put("privileged", true);
        }
        put(m, "working_dir", h.workingDir());
        put(m, "environment", h.environment());
        return m;
    }

    private static void putDuration(Map<String, Object> m, String key, Long nanos) {
        if (nanos != null) {
            m.put(key, duration(nanos));
        }
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        boolean empty = value == null
                || (value instanceof String s && s.isEmpty())
                || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof Map<?, ?> mm && mm.isEmpty());
        if (!empty) {
            m.put(key, value);
        }
    }
}
