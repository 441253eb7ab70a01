package dev.kstack.compose.internal;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YSeq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Makes the relative paths of one normalized file absolute, against the directory they are relative to:
 * build contexts, bind-mount sources ({@code ~} is the HOME directory), env and label files, the files of
 * secrets and configs, and {@code extends.file}.
 */
final class PathResolver {
    private final Path base;
    private final Function<String, Optional<String>> environment;

    PathResolver(Path base, Function<String, Optional<String>> environment) {
        this.base = base;
        this.environment = environment;
    }

    String resolve(String path) {
        if (path.startsWith("~")) {
            Optional<String> home = environment.apply("HOME");
            if (home.isPresent() && (path.length() == 1 || path.charAt(1) == '/')) {
                return Path.of(home.get() + path.substring(1)).normalize().toString();
            }
            return path; // no HOME given: left for the runtime to expand
        }
        if (ShortSyntax.isWindowsPath(path)) {
            return path; // absolute on Windows; resolving it against a Linux directory would make it a relative name
        }
        return base.resolve(path).normalize().toString();
    }

    YMap top(YMap root) {
        YMap out = root;
        for (String key : List.of("secrets", "configs")) {
            out = editEach(out, key, o -> editScalar(o, "file"));
        }
        return editEach(out, "services", this::service);
    }

    private YMap service(YMap s) {
        if (!s.has("build") && !s.has("volumes") && !s.has("env_file") && !s.has("label_file") && !s.has("extends")) {
            return s;
        }
        // One copy of the service however many of its attributes hold paths.
        return s.mapValues((key, value) -> switch (key) {
            case "build" -> value instanceof YMap m ? editScalar(m, "context", c -> isRemote(c) ? c : resolve(c)) : value;
            case "volumes" -> eachItem(value, item -> item instanceof YMap m && m.get("type")
                    .filter(t -> t instanceof YScalar ts && ts.text().equals("bind")).isPresent()
                    ? editScalar(m, "source") : item);
            case "env_file" -> eachItem(value, item -> item instanceof YMap m ? editScalar(m, "path") : item);
            case "label_file" -> eachItem(value, item -> item instanceof YScalar sc ? sc.withText(resolve(sc.text())) : item);
            case "extends" -> value instanceof YMap m ? editScalar(m, "file") : value;
            default -> value;
        });
    }

    private static boolean isRemote(String context) {
        return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
    }

    private static YMap edit(YMap m, String key, UnaryOperator<YNode> f) {
        Optional<YNode> v = m.get(key);
        return v.isEmpty() ? m : m.with(key, f.apply(v.get()));
    }

    private static YMap editEach(YMap m, String key, UnaryOperator<YMap> f) {
        return edit(m, key, v -> v instanceof YMap entries
                ? entries.mapValues((k, item) -> item instanceof YMap im ? f.apply(im) : item) : v);
    }

    private static YNode eachItem(YNode seq, UnaryOperator<YNode> f) {
        if (!(seq instanceof YSeq s)) {
            return seq;
        }
        List<YNode> items = new ArrayList<>();
        s.items().forEach(i -> items.add(f.apply(i)));
        return new YSeq(items, s.mark(), s.tag());
    }

    private YMap editScalar(YMap m, String key) {
        return editScalar(m, key, this::resolve);
    }

    private static YMap editScalar(YMap m, String key, UnaryOperator<String> f) {
        return edit(m, key, v -> v instanceof YScalar s && !s.isNull() ? s.withText(f.apply(s.text())) : v);
    }
}
