package dev.kstack.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kstack.api.Constraints;
import dev.kstack.api.DeployConfig;
import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.FileReferenceConfig;
import dev.kstack.api.HealthCheckConfig;
import dev.kstack.api.Resource;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.VolumeConfig;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a structured Stack spec as a compose file, for the v1beta1 view of a stack that was written in a
 * structured version. It covers the fields of the v1alpha3 wire format; kstack's additions that compose cannot
 * express are carried beside the text by {@link StackVersions}, so nothing is lost on the way back.
 */
public final class ComposeFileWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private ComposeFileWriter() {
    }

    public static String write(StackSpec spec) {
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, Object> services = new LinkedHashMap<>();
        spec.services().forEach(s -> services.put(s.name(), service(s)));
        top.put("services", services);
        putFiles(top, "secrets", spec.secrets());
        putFiles(top, "configs", spec.configs());
        if (!spec.volumes().isEmpty()) {
            Map<String, Object> volumes = new LinkedHashMap<>();
            spec.volumes().forEach((key, v) -> volumes.put(key, volume(v)));
            top.put("volumes", volumes);
        }
        try {
            return YAML.writeValueAsString(top);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> service(ServiceConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "image", s.image());
        put(m, "command", s.command());
        put(m, "entrypoint", s.entrypoint());
        if (!s.environment().isEmpty()) {
            m.put("environment", new LinkedHashMap<>(s.environment()));
        }
        put(m, "working_dir", s.workingDir());
        if (s.user() != null) {
            m.put("user", String.valueOf(s.user()));
        }
        put(m, "hostname", s.hostname());
        put(m, "labels", s.labels());
        put(m, "cap_add", s.capAdd());
        put(m, "cap_drop", s.capDrop());
        put(m, "extra_hosts", s.extraHosts());
        put(m, "ipc", s.ipc());
        put(m, "pid", s.pid());
        put(m, "tmpfs", s.tmpfs());
        flag(m, "privileged", s.privileged());
        flag(m, "read_only", s.readOnly());
        flag(m, "stdin_open", s.stdinOpen());
        flag(m, "tty", s.tty());
        if (s.stopGracePeriod() != null) {
            m.put("stop_grace_period", duration(s.stopGracePeriod()));
        }
        if (s.healthCheck() != null) {
            m.put("healthcheck", healthCheck(s.healthCheck()));
        }
        if (!s.ports().isEmpty()) {
            m.put("ports", s.ports().stream().map(ComposeFileWriter::port).toList());
        }
        if (!s.volumes().isEmpty()) {
            m.put("volumes", s.volumes().stream().map(ComposeFileWriter::mount).toList());
        }
        if (!s.secrets().isEmpty()) {
            m.put("secrets", s.secrets().stream().map(ComposeFileWriter::reference).toList());
        }
        if (!s.configs().isEmpty()) {
            m.put("configs", s.configs().stream().map(ComposeFileWriter::reference).toList());
        }
        Map<String, Object> deploy = deploy(s.deploy());
        if (!deploy.isEmpty()) {
            m.put("deploy", deploy);
        }
        return m;
    }

    private static Map<String, Object> deploy(DeployConfig d) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "mode", d.mode());
        if (d.replicas() != null) {
            m.put("replicas", d.replicas());
        }
        put(m, "labels", d.labels());
        if (d.updateConfig() != null && d.updateConfig().parallelism() != null) {
            m.put("update_config", Map.of("parallelism", d.updateConfig().parallelism()));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        resource(resources, "limits", d.resources().limits());
        resource(resources, "reservations", d.resources().reservations());
        if (!resources.isEmpty()) {
            m.put("resources", resources);
        }
        if (d.restartPolicy() != null && !d.restartPolicy().condition().isEmpty()) {
            m.put("restart_policy", Map.of("condition", d.restartPolicy().condition()));
        }
        List<String> constraints = constraints(d.placement().constraints());
        if (!constraints.isEmpty()) {
            m.put("placement", Map.of("constraints", constraints));
        }
        return m;
    }

    private static void resource(Map<String, Object> out, String key, Resource r) {
        if (r == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "cpus", r.cpus());
        if (r.memory() != 0) {
            m.put("memory", r.memory() + "b");
        }
        if (!m.isEmpty()) {
            out.put(key, m);
        }
    }

    private static List<String> constraints(Constraints c) {
        List<String> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        constraint(out, "node.platform.os", c.operatingSystem());
        constraint(out, "node.platform.arch", c.architecture());
        constraint(out, "node.hostname", c.hostname());
        c.matchLabels().forEach((label, value) -> constraint(out, "node.labels." + label, value));
        return out;
    }

    private static void constraint(List<String> out, String key, Constraints.Constraint c) {
        if (c != null && !c.value().isEmpty()) {
            out.add(key + " " + (c.operator().isEmpty() ? Constraints.Constraint.EQUAL : c.operator()) + " " + c.value());
        }
    }

    private static Map<String, Object> healthCheck(HealthCheckConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "test", h.test());
        if (h.interval() != null) {
            m.put("interval", duration(h.interval()));
        }
        if (h.timeout() != null) {
            m.put("timeout", duration(h.timeout()));
        }
        if (h.retries() != null) {
            m.put("retries", h.retries());
        }
        if (h.startPeriod() != null) {
            m.put("start_period", duration(h.startPeriod()));
        }
        return m;
    }

    private static Map<String, Object> port(ServicePortConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "mode", p.mode());
        m.put("target", p.target());
        if (p.published() != 0) {
            m.put("published", String.valueOf(p.published()));
        }
        put(m, "protocol", p.protocol());
        return m;
    }

    private static Map<String, Object> mount(ServiceVolumeConfig v) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "type", v.type());
        put(m, "source", v.source());
        put(m, "target", v.target());
        flag(m, "read_only", v.readOnly());
        return m;
    }

    private static Map<String, Object> reference(FileReferenceConfig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "source", r.source());
        put(m, "target", r.target());
        put(m, "uid", r.uid());
        put(m, "gid", r.gid());
        if (r.mode() != null) {
            m.put("mode", r.mode());
        }
        return m;
    }

    private static void putFiles(Map<String, Object> top, String key, Map<String, FileObjectConfig> files) {
        if (files.isEmpty()) {
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        files.forEach((name, f) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            if (f.external().external()) {
                m.put("external", true);
                put(m, "name", f.external().name().isEmpty() ? f.name() : f.external().name());
            } else {
                put(m, "name", f.name());
                put(m, "file", f.file());
            }
            put(m, "labels", f.labels());
            out.put(name, m);
        });
        top.put(key, out);
    }

    private static Map<String, Object> volume(VolumeConfig v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v.external().external()) {
            m.put("external", true);
            put(m, "name", v.external().name());
        }
        put(m, "labels", v.labels());
        return m;
    }

    private static String duration(long nanos) {
        return nanos + "ns";
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void put(Map<String, Object> m, String key, List<String> value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void put(Map<String, Object> m, String key, Map<String, String> value) {
        if (!value.isEmpty()) {
            m.put(key, new LinkedHashMap<>(value));
        }
    }

    private static void flag(Map<String, Object> m, String key, boolean value) {
        if (value) {
            m.put(key, true);
        }
    }
}
