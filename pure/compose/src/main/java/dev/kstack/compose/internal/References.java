package dev.kstack.compose.internal;

import static dev.kstack.compose.internal.ProjectAssembler.mapAt;
import static dev.kstack.compose.internal.ProjectAssembler.seqAt;
import static dev.kstack.compose.internal.ProjectAssembler.textAt;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import java.util.List;
import java.util.Optional;

/** Consistency of the final project: everything a service refers to exists, and each resource is well formed. */
final class References {
    private References() {
    }

    static void check(YMap top, Problems problems) {
        YMap services = mapAt(top, "services");
        YMap networks = mapAt(top, "networks");
        YMap volumes = mapAt(top, "volumes");
        YMap secrets = mapAt(top, "secrets");
        YMap configs = mapAt(top, "configs");
        for (YMap.Entry e : services.entries().values()) {
            String p = "services." + e.key().text();
            YMap s = (YMap) e.value();
            for (YMap.Entry d : mapAt(s, "depends_on").entries().values()) {
                require(services, d.key().text(), d.key(), p + ".depends_on." + d.key().text(), "service", problems);
            }
            for (YMap.Entry n : mapAt(s, "networks").entries().values()) {
                require(networks, n.key().text(), n.key(), p + ".networks." + n.key().text(), "network", problems);
            }
            textAt(s, "network_mode").ifPresent(mode -> {
                YNode at = s.get("network_mode").orElseThrow();
                if (mode.startsWith("service:")) {
                    require(services, mode.substring(8), at, p + ".network_mode", "service", problems);
                }
                if (s.has("networks")) {
                    problems.add(at.mark(), p + ".network_mode", "network_mode cannot be combined with networks");
                }
            });
            int i = 0;
            for (YNode v : seqAt(s, "volumes")) {
                String vp = p + ".volumes[" + i++ + "]";
                YMap m = (YMap) v;
                String type = textAt(m, "type").orElse("");
                var source = textAt(m, "source");
                if (type.equals("volume") && source.isPresent()) {
                    require(volumes, source.get(), m.get("source").orElseThrow(), vp, "volume", problems);
                } else if (type.equals("bind") && source.isEmpty()) {
                    problems.add(m.mark(), vp, "a bind mount needs a source");
                } else if (type.equals("tmpfs") && source.isPresent()) {
                    problems.add(m.mark(), vp, "a tmpfs mount takes no source");
                }
            }
            deploy(s, p, problems);
            credentialSpec(s, p, problems);
            refs(s, "secrets", secrets, p, problems);
            refs(s, "configs", configs, p, problems);
            for (String key : List.of("volumes_from", "links")) {
                int j = 0;
                for (YNode v : seqAt(s, key)) {
                    String text = ((YScalar) v).text();
                    if (!text.startsWith("container:")) {
                        require(services, text.split(":")[0], v, p + "." + key + "[" + j + "]", "service", problems);
                    }
                    j++;
                }
            }
        }
        fileObjects(secrets, "secrets", problems);
        fileObjects(configs, "configs", problems);
    }

    /** {@code deploy.replicas} (and {@code scale}) against {@code deploy.mode}, and {@code scale} against replicas. */
    private static void deploy(YMap service, String path, Problems problems) {
        YMap deploy = mapAt(service, "deploy");
        String mode = textAt(deploy, "mode").orElse("replicated");
        Optional<YNode> replicas = deploy.get("replicas");
        Optional<YNode> scale = service.get("scale");
        if (mode.startsWith("global")) {
            replicas.ifPresent(r -> problems.add(r.mark(), path + ".deploy.replicas",
                    "replicas cannot be set when deploy.mode is \"" + mode + "\" (one task per node)"));
            scale.ifPresent(r -> problems.add(r.mark(), path + ".scale",
                    "scale cannot be set when deploy.mode is \"" + mode + "\" (one task per node)"));
        } else if (replicas.isPresent() && scale.isPresent()
                && !((YScalar) replicas.get()).text().equals(((YScalar) scale.get()).text())) {
            problems.add(scale.get().mark(), path + ".scale", "scale (" + ((YScalar) scale.get()).text()
                    + ") differs from deploy.replicas (" + ((YScalar) replicas.get()).text() + "); set only one");
        }
    }

    private static void credentialSpec(YMap service, String path, Problems problems) {
        service.get("credential_spec").filter(YMap.class::isInstance).map(YMap.class::cast).ifPresent(c -> {
            long set = List.of("config", "file", "registry").stream().filter(c::has).count();
            if (set != 1) {
                problems.add(c.mark(), path + ".credential_spec",
                        "expected exactly one of config, file or registry; found " + set);
            }
        });
    }

    private static void refs(YMap service, String key, YMap defined, String path, Problems problems) {
        int i = 0;
        for (YNode r : seqAt(service, key)) {
            YMap m = (YMap) r;
            int index = i++;
            textAt(m, "source").ifPresent(src -> require(defined, src, m.get("source").orElseThrow(),
                    path + "." + key + "[" + index + "]", key.substring(0, key.length() - 1), problems));
        }
    }

    private static void require(YMap defined, String name, Object at, String path, String what, Problems problems) {
        if (!defined.has(name)) {
            var mark = at instanceof YMap.Entry e ? e.key().mark() : ((YNode) at).mark();
            problems.add(mark, path, what + " \"" + name + "\" is not defined"
                    + (what.equals("service") ? "" : " in the top-level " + what + "s"));
        }
    }

    private static void fileObjects(YMap objects, String key, Problems problems) {
        for (YMap.Entry e : objects.entries().values()) {
            YMap m = (YMap) e.value();
            long sources = List.of("file", "environment", "content").stream().filter(m::has).count()
                    + (textAt(m, "external").orElse("false").equals("true") ? 1 : 0);
            if (sources != 1) {
                problems.add(e.key().mark(), key + "." + e.key().text(),
                        "expected exactly one of file, environment, content or external: true; found " + sources);
            }
        }
    }
}
