package dev.kstack.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Stack before it is stored or converted: DNS-1123 names of the stack, volumes, secrets and configs
 * (after {@link KubernetesNames}' derivation), service names that the contract labels can carry, references to undeclared secrets and configs, the values of enumerated fields, and the
 * {@code depends_on} graph. Each problem names its path in compose terms ({@code services.web.ports[0]}).
 */
public final class StackValidation {
    /** The longest suffix kstack appends to a service name ({@code -random-ports}). */
    static final String LONGEST_SUFFIX = "-random-ports";
    /** The longest service name whose derived object names stay valid. */
    public static final int SERVICE_NAME_MAX = Dns1123.LABEL_MAX - LONGEST_SUFFIX.length();
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private static final Set<String> PORT_MODES = Set.of("", ServicePortConfig.MODE_INGRESS, ServicePortConfig.MODE_HOST);
    private static final Set<String> DEPLOY_MODES = Set.of("", DeployConfig.MODE_REPLICATED, DeployConfig.MODE_GLOBAL);
    private static final Set<String> INTERNAL_TYPES = Set.of(
            ServiceConfig.INTERNAL_AUTO, ServiceConfig.INTERNAL_HEADLESS, ServiceConfig.INTERNAL_CLUSTER_IP);
    private static final Set<String> VOLUME_TYPES = Set.of(
            ServiceVolumeConfig.TYPE_VOLUME, ServiceVolumeConfig.TYPE_BIND, ServiceVolumeConfig.TYPE_TMPFS);
    private static final Set<String> PULL_POLICIES = Set.of(
            "", "always", "never", "ifnotpresent", "if_not_present", "missing");
    private static final Set<String> CONDITIONS = Set.of(
            DependsOnConfig.STARTED, DependsOnConfig.HEALTHY, DependsOnConfig.COMPLETED);

    private StackValidation() {
    }

    /** All problems of the stack, sorted; empty when it is valid. */
    public static List<Problem> validate(String stackName, StackSpec spec) {
        List<Problem> problems = new ArrayList<>();
        String err = Dns1123.labelError(stackName, Dns1123.LABEL_MAX);
        if (!err.isEmpty()) {
            problems.add(new Problem("metadata.name", "stack name " + err));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.services().size(); i++) {
            ServiceConfig s = spec.services().get(i);
            String path = s.name().isEmpty() ? "services[" + i + "]" : "services." + s.name();
            if (!seen.add(s.name())) {
                problems.add(new Problem(path, "service \"" + s.name() + "\" is declared twice"));
            }
            service(stackName, spec, s, path, problems);
        }
        spec.volumes().forEach((key, v) -> check(problems, "volumes." + key,
                Dns1123.labelError(v.claimName(key), Dns1123.LABEL_MAX), "volume name "));
        spec.secrets().forEach((key, f) -> check(problems, "secrets." + key,
                Dns1123.subdomainError(f.objectName(key)), "secret name "));
        spec.configs().forEach((key, f) -> check(problems, "configs." + key,
                Dns1123.subdomainError(f.objectName(key)), "config name "));
        problems.addAll(DependencyGraph.problems(spec));
        return problems.stream().sorted().toList();
    }

    private static void service(String stackName, StackSpec spec, ServiceConfig s, String path, List<Problem> out) {
        if (s.name().isEmpty()) {
            out.add(new Problem(path, "service name must not be empty"));
        } else if (!KubernetesNames.isLabelValue(s.name())) {
            out.add(new Problem(path, "service name \"" + s.name() + "\" cannot be the value of the label "
                    + "com.docker.service.name: at most " + Dns1123.LABEL_MAX + " letters, digits, '-', '_' and '.',"
                    + " starting and ending with a letter or digit"));
        }
        if (!stackName.isEmpty() && (stackName + "-" + s.name()).length() > Dns1123.LABEL_MAX) {
            out.add(new Problem(path, "stack name and service name together (\"" + stackName + "-" + s.name()
                    + "\") must be at most " + Dns1123.LABEL_MAX + " characters: it is a label value"));
        }
        if (s.image().isEmpty()) {
            out.add(new Problem(path + ".image", "an image is required"));
        }
        oneOf(out, path + ".deploy.mode", s.deploy().mode(), DEPLOY_MODES);
        if (s.deploy().replicas() != null && s.deploy().replicas() < 0) {
            out.add(new Problem(path + ".deploy.replicas", "must not be negative"));
        }
        oneOf(out, path + ".internal_service_type", s.internalServiceType(), INTERNAL_TYPES);
        oneOf(out, path + ".pull_policy", s.pullPolicy().toLowerCase(Locale.ROOT), PULL_POLICIES);
        for (int i = 0; i < s.ports().size(); i++) {
            ServicePortConfig p = s.ports().get(i);
            String pp = path + ".ports[" + i + "]";
            port(out, pp + ".target", p.target(), 1);
            port(out, pp + ".published", p.published(), 0);
            oneOf(out, pp + ".protocol", p.protocol().toLowerCase(Locale.ROOT), union(PROTOCOLS, ""));
            oneOf(out, pp + ".mode", p.mode(), PORT_MODES);
        }
        for (int i = 0; i < s.internalPorts().size(); i++) {
            InternalPort p = s.internalPorts().get(i);
            port(out, path + ".internal_ports[" + i + "].port", p.port(), 1);
            oneOf(out, path + ".internal_ports[" + i + "].protocol", p.protocol().toLowerCase(Locale.ROOT),
                    union(PROTOCOLS, ""));
        }
        for (int i = 0; i < s.volumes().size(); i++) {
            ServiceVolumeConfig v = s.volumes().get(i);
            String vp = path + ".volumes[" + i + "]";
            oneOf(out, vp + ".type", v.type(), VOLUME_TYPES);
            if (v.target().isEmpty()) {
                out.add(new Problem(vp + ".target", "a target path is required"));
            }
            if (v.type().equals(ServiceVolumeConfig.TYPE_VOLUME) && !v.source().isEmpty()) {
                VolumeConfig declared = spec.volumes().getOrDefault(v.source(), VolumeConfig.DEFAULT);
                check(out, vp + ".source", Dns1123.labelError(declared.claimName(v.source()), Dns1123.LABEL_MAX),
                        "volume name ");
            }
        }
        references(out, path + ".secrets", s.secrets(), spec.secrets(), "secret");
        references(out, path + ".configs", s.configs(), spec.configs(), "config");
        s.dependsOn().forEach((target, d) ->
                oneOf(out, path + ".depends_on." + target + ".condition", d.condition(), union(CONDITIONS, "")));
    }

    private static void references(List<Problem> out, String path, List<FileReferenceConfig> refs,
            Map<String, FileObjectConfig> declared, String what) {
        for (int i = 0; i < refs.size(); i++) {
            String source = refs.get(i).source();
            if (!declared.containsKey(source)) {
                out.add(new Problem(path + "[" + i + "].source",
                        what + " \"" + source + "\" is not declared in the top-level " + what + "s"));
            }
        }
    }

    private static void port(List<Problem> out, String path, int value, int min) {
        if (value < min || value > 65535) {
            out.add(new Problem(path, "port " + value + " is out of range " + min + "-65535"));
        }
    }

    private static void oneOf(List<Problem> out, String path, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            out.add(new Problem(path, "\"" + value + "\" is not one of " + allowed.stream()
                    .filter(a -> !a.isEmpty()).sorted().toList()));
        }
    }

    private static void check(List<Problem> out, String path, String error, String what) {
        if (!error.isEmpty()) {
            out.add(new Problem(path, what + error));
        }
    }

    private static Set<String> union(Set<String> set, String extra) {
        Set<String> all = new HashSet<>(set);
        all.add(extra);
        return all;
    }
}
