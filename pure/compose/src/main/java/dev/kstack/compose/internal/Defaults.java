package dev.kstack.compose.internal;

import static dev.kstack.compose.internal.ProjectAssembler.mapAt;
import static dev.kstack.compose.internal.ProjectAssembler.textAt;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YScalar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes implicit things explicit, as {@code docker compose config} does: a service with neither
 * {@code networks} nor {@code network_mode} joins {@code default}; the {@code default} network exists;
 * networks and volumes get their real name ({@code <project>_<key>}, or the key when external).
 */
final class Defaults {
    /** The hidden key behind {@code Network.nameDefaulted()} and {@code Volume.nameDefaulted()}. */
    static final String NAME_DEFAULTED = "name_defaulted";

    private Defaults() {
    }

    static YMap apply(YMap top, String project) {
        Map<String, YMap> services = new LinkedHashMap<>();
        boolean usesDefault = false;
        for (YMap.Entry e : mapAt(top, "services").entries().values()) {
            YMap s = (YMap) e.value();
            if (!s.has("networks") && !s.has("network_mode")) {
                s = s.with("networks", new YMap(Map.of("default",
                        new YMap.Entry(YScalar.string("default", s.mark()), YMap.empty(s.mark()))), s.mark(),
                        dev.kstack.compose.yaml.YTag.NONE));
            }
            usesDefault |= mapAt(s, "networks").has("default");
            services.put(e.key().text(), s);
        }
        YMap out = ProjectAssembler.replaceServices(top, services);
        YMap networks = mapAt(out, "networks");
        if (usesDefault && !networks.has("default")) {
            networks = networks.with("default", YMap.empty(networks.mark()));
        }
        out = networks.entries().isEmpty() ? out : out.with("networks", named(networks, project));
        YMap volumes = mapAt(out, "volumes");
        return volumes.entries().isEmpty() ? out : out.with("volumes", named(volumes, project));
    }

    private static YMap named(YMap resources, String project) {
        return resources.mapValues((key, value) -> {
            YMap r = (YMap) value;
            if (r.has("name")) {
                return r;
            }
            boolean external = textAt(r, "external").orElse("false").equals("true");
            return r.with("name", YScalar.string(external ? key : project + "_" + key, r.mark()))
                    .with(NAME_DEFAULTED, YScalar.string("true", r.mark()));
        });
    }
}
