package dev.kstack.convert.compose;

import dev.kstack.api.Constraints;
import dev.kstack.api.DeployConfig;
import dev.kstack.api.Placement;
import dev.kstack.api.Resource;
import dev.kstack.api.Resources;
import dev.kstack.api.RestartPolicy;
import dev.kstack.api.UpdateConfig;
import dev.kstack.compose.model.ByteSize;
import dev.kstack.compose.model.Deploy;
import dev.kstack.compose.model.Service;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deploy} and the service-level attributes that say the same thing ({@code restart}, {@code scale},
 * {@code cpus}, {@code mem_limit}, {@code mem_reservation}, {@code platform}); {@code deploy} wins when both
 * are given.
 */
final class DeployMapping {
    private static final Pattern CONSTRAINT = Pattern.compile("\\s*([A-Za-z0-9_.\\-/]+)\\s*(==|!=)\\s*(.*?)\\s*");
    private static final Pattern RESTART_ON_FAILURE = Pattern.compile("on-failure(?::(\\d+))?");

    private DeployMapping() {
    }

    static DeployConfig of(Service s, MappingNotes notes) {
        Deploy d = s.deploy().orElse(null);
        String name = s.name();
        String mode = "";
        Long replicas = s.scale().map(Integer::longValue).orElse(null);
        Map<String, String> labels = Map.of();
        UpdateConfig update = null;
        Optional<Deploy.Resources> resources = Optional.empty();
        RestartPolicy restart = restartOf(s, notes);
        Placement placement = platform(s, notes);
        String endpointMode = "";
        if (d != null) {
            mode = d.mode().orElse("");
            if (mode.endsWith("-job")) {
                notes.service(name, "deploy.mode " + mode + " runs as " + mode.replace("-job", "")
                        + " (jobs are not supported)");
                mode = mode.replace("-job", "");
            }
            replicas = d.replicas().map(Integer::longValue).orElse(replicas);
            labels = d.labels();
            update = d.updateConfig().map(u -> update(name, u, notes)).orElse(null);
            resources = d.resources();
            if (d.restartPolicy().isPresent()) {
                Deploy.RestartPolicy rp = d.restartPolicy().get();
                restart = new RestartPolicy(rp.condition().orElse(""), nanos(rp.delay()),
                        rp.maxAttempts().map(Integer::longValue).orElse(null), nanos(rp.window()));
            }
            if (d.placement().isPresent()) {
                placement = placement(name, d.placement().get(), placement, notes);
            }
            endpointMode = d.endpointMode().orElse("");
            if (d.rollbackConfig().isPresent()) {
                notes.ignored(name, "deploy.rollback_config");
            }
            if (!d.extensions().isEmpty()) {
                d.extensions().keySet().forEach(k -> notes.ignored(name, "deploy." + k));
            }
        }
        return new DeployConfig(mode, replicas, labels, update, resources(s, resources, notes), restart, placement,
                endpointMode);
    }

    private static UpdateConfig update(String name, Deploy.UpdateConfig u, MappingNotes notes) {
        if (u.maxFailureRatio().isPresent()) {
            notes.ignored(name, "deploy.update_config.max_failure_ratio");
        }
        return new UpdateConfig(u.parallelism().map(Integer::longValue).orElse(null), nanos(u.delay()),
                u.order().orElse(""), nanos(u.monitor()), u.failureAction().orElse(""));
    }

    private static Resources resources(Service s, Optional<Deploy.Resources> r, MappingNotes notes) {
        Deploy.Limits l = r.flatMap(Deploy.Resources::limits).orElse(null);
        Deploy.Reservations res = r.flatMap(Deploy.Resources::reservations).orElse(null);
        Optional<Double> cpus = l != null && l.cpus().isPresent() ? l.cpus() : s.cpus();
        Optional<ByteSize> memory = l != null && l.memory().isPresent() ? l.memory() : s.memLimit();
        Long pids = l != null && l.pids().isPresent() ? l.pids().get() : s.pidsLimit().orElse(null);
        Resource limits = resource(cpus, memory, pids);
        Optional<Double> rcpus = res == null ? Optional.empty() : res.cpus();
        Optional<ByteSize> rmem = res != null && res.memory().isPresent() ? res.memory() : s.memReservation();
        Resource reservations = resource(rcpus, rmem, null);
        if (res != null && !res.devices().isEmpty()) {
            notes.ignored(s.name(), "deploy.resources.reservations.devices");
        }
        if (res != null && !res.genericResources().isEmpty()) {
            notes.ignored(s.name(), "deploy.resources.reservations.generic_resources");
        }
        return new Resources(limits, reservations);
    }

    private static Resource resource(Optional<Double> cpus, Optional<ByteSize> memory, Long pids) {
        if (cpus.isEmpty() && memory.isEmpty() && pids == null) {
            return null;
        }
        String c = cpus.map(v -> BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()).orElse("");
        long m = memory.map(ByteSize::bytes).filter(b -> b > 0).orElse(0L);
        return new Resource(c, m, pids);
    }

    /** The service-level {@code restart} as a restart policy. */
    private static RestartPolicy restartOf(Service s, MappingNotes notes) {
        if (s.restart().isEmpty()) {
            return null;
        }
        String r = s.restart().get();
        Matcher m = RESTART_ON_FAILURE.matcher(r);
        if (m.matches()) {
            return new RestartPolicy(RestartPolicy.ON_FAILURE, null,
                    m.group(1) == null ? null : Long.valueOf(m.group(1)), null);
        }
        return switch (r) {
            case "no" -> new RestartPolicy(RestartPolicy.NONE, null, null, null);
            case "always", "unless-stopped" -> null;
            default -> {
                notes.service(s.name(), "restart \"" + r + "\" is ignored");
                yield null;
            }
        };
    }

    /** {@code platform: linux/arm64} as OS and architecture constraints. */
    private static Placement platform(Service s, MappingNotes notes) {
        if (s.platform().isEmpty()) {
            return null;
        }
        String[] parts = s.platform().get().split("/");
        Constraints.Constraint os = new Constraints.Constraint(parts[0], "==");
        Constraints.Constraint arch = parts.length > 1 ? new Constraints.Constraint(parts[1], "==") : null;
        if (parts.length > 2) {
            notes.service(s.name(), "platform variant " + parts[2] + " is ignored");
        }
        return new Placement(new Constraints(os, arch, null, null), null);
    }

    private static Placement placement(String name, Deploy.Placement p, Placement fromPlatform, MappingNotes notes) {
        Constraints.Constraint os = null;
        Constraints.Constraint arch = null;
        Constraints.Constraint host = null;
        if (fromPlatform != null && fromPlatform.constraints() != null) {
            os = fromPlatform.constraints().operatingSystem();
            arch = fromPlatform.constraints().architecture();
        }
        Map<String, Constraints.Constraint> labels = new LinkedHashMap<>();
        for (String c : p.constraints()) {
            Matcher m = CONSTRAINT.matcher(c);
            if (!m.matches()) {
                notes.service(name, "placement constraint \"" + c + "\" is ignored (expected KEY==VALUE or KEY!=VALUE)");
                continue;
            }
            Constraints.Constraint value = new Constraints.Constraint(m.group(3), m.group(2));
            String key = m.group(1);
            switch (key) {
                case "node.platform.os" -> os = value;
                case "node.platform.arch" -> arch = value;
                case "node.hostname" -> host = value;
                default -> {
                    if (key.startsWith("node.labels.")) {
                        labels.put(key.substring("node.labels.".length()), value);
                    } else {
                        notes.service(name, "placement constraint \"" + c + "\" is ignored");
                    }
                }
            }
        }
        if (p.maxReplicasPerNode().isPresent()) {
            notes.ignored(name, "deploy.placement.max_replicas_per_node");
        }
        boolean any = os != null || arch != null || host != null || !labels.isEmpty();
        List<Placement.PlacementPreference> prefs = p.preferences().stream()
                .map(pr -> new Placement.PlacementPreference(pr.spread())).toList();
        return new Placement(any ? new Constraints(os, arch, host, labels) : null, prefs);
    }

    static Long nanos(Optional<Duration> d) {
        return d.map(Duration::toNanos).orElse(null);
    }
}
