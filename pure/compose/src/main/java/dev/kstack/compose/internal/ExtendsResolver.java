package dev.kstack.compose.internal;

import dev.kstack.compose.yaml.Mark;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Optional;

/** Resolves {@code extends}: from the same file or another one, chained, with cycles reported. */
final class ExtendsResolver {
    private final SourceReader reader;
    private final Problems problems;

    ExtendsResolver(SourceReader reader, Problems problems) {
        this.reader = reader;
        this.problems = problems;
    }

    /** The document with every service's {@code extends} applied and removed. */
    YMap resolve(YMap top, String fileId) {
        Optional<YNode> services = top.get("services");
        if (services.isEmpty() || !(services.get() instanceof YMap s)) {
            return top;
        }
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>();
        for (YMap.Entry e : s.entries().values()) {
            YNode resolved = service(e.key().text(), s, fileId, new ArrayDeque<>());
            out.put(e.key().text(), new YMap.Entry(e.key(), resolved));
        }
        return top.with("services", YMap.owning(out, s.mark(), s.tag()));
    }

    private YNode service(String name, YMap services, String fileId, Deque<String> stack) {
        YNode node = services.get(name).orElseThrow();
        if (!(node instanceof YMap s) || !(s.get("extends").orElse(null) instanceof YMap ext)) {
            return node;
        }
        String path = "services." + name + ".extends";
        String baseName = scalar(ext, "service").orElse("");
        Optional<String> file = scalar(ext, "file");
        YMap baseServices = services;
        String baseFileId = fileId;
        if (file.isPresent()) {
            Path p = Path.of(file.get());
            Optional<YMap> other = reader.file(p, p.getParent(), ext.mark(), path + ".file");
            if (other.isEmpty()) {
                return s.without("extends");
            }
            baseServices = other.get().get("services").filter(YMap.class::isInstance).map(YMap.class::cast)
                    .orElse(YMap.empty(other.get().mark()));
            baseFileId = file.get();
        }
        Mark at = ext.get("service").map(YNode::mark).orElse(ext.mark());
        if (!baseServices.has(baseName)) {
            problems.add(at, path + ".service", "service \"" + baseName + "\" is not defined"
                    + file.map(f -> " in " + reader.display(Path.of(f))).orElse(""));
            return s.without("extends");
        }
        String id = baseFileId + "#" + baseName;
        if (stack.contains(id) || (baseFileId.equals(fileId) && baseName.equals(name))) {
            problems.add(at, path + ".service", "extends cycle: " + String.join(" -> ", stack) + " -> " + id);
            return s.without("extends");
        }
        stack.push(fileId + "#" + name);
        YNode base = service(baseName, baseServices, baseFileId, stack);
        stack.pop();
        YNode baseWithout = base instanceof YMap bm ? bm.without("extends") : base;
        return Merger.service(baseWithout, s.without("extends"));
    }

    private static Optional<String> scalar(YMap m, String key) {
        return m.get(key).filter(v -> v instanceof YScalar s && !s.isNull()).map(v -> ((YScalar) v).text());
    }
}
