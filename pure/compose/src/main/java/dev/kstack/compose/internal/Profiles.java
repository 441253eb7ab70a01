package dev.kstack.compose.internal;

import static dev.kstack.compose.internal.ProjectAssembler.mapAt;
import static dev.kstack.compose.internal.ProjectAssembler.seqAt;
import static dev.kstack.compose.internal.ProjectAssembler.textAt;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the services of the active profiles: a service without {@code profiles} is always on; {@code *}
 * activates all. A required dependency on a service that is off is an error; an optional one is dropped.
 */
final class Profiles {
    private Profiles() {
    }

    static YMap apply(YMap top, List<String> active, Problems problems, List<String> notes) {
        YMap services = mapAt(top, "services");
        Map<String, YMap> on = new LinkedHashMap<>();
        Map<String, List<String>> off = new LinkedHashMap<>();
        for (YMap.Entry e : services.entries().values()) {
            YMap s = (YMap) e.value();
            List<String> profiles = new ArrayList<>();
            seqAt(s, "profiles").forEach(p -> profiles.add(((YScalar) p).text()));
            if (profiles.isEmpty() || active.contains("*") || profiles.stream().anyMatch(active::contains)) {
                on.put(e.key().text(), s);
            } else {
                off.put(e.key().text(), profiles);
            }
        }
        if (off.isEmpty()) {
            return top;
        }
        for (Map.Entry<String, YMap> e : on.entrySet()) {
            YMap deps = mapAt(e.getValue(), "depends_on");
            YMap kept = deps;
            for (YMap.Entry d : deps.entries().values()) {
                String target = d.key().text();
                if (!off.containsKey(target)) {
                    continue;
                }
                boolean required = !(d.value() instanceof YMap dm) || !textAt(dm, "required").orElse("true").equals("false");
                if (required) {
                    problems.add(d.key().mark(), "services." + e.getKey() + ".depends_on." + target, "service \"" + target
                            + "\" is not enabled; it needs one of the profiles " + off.get(target));
                } else {
                    notes.add("service \"" + e.getKey() + "\": optional dependency on \"" + target
                            + "\" dropped (its profiles are not active)");
                }
                kept = kept.without(target);
            }
            if (kept != deps) {
                e.setValue(e.getValue().with("depends_on", kept));
            }
        }
        return ProjectAssembler.replaceServices(top, on);
    }
}
