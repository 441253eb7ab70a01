package dev.kstack.compose.internal;

import static dev.kstack.compose.internal.ProjectAssembler.mapAt;
import static dev.kstack.compose.internal.ProjectAssembler.seqAt;
import static dev.kstack.compose.internal.ProjectAssembler.textAt;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies {@code include}: each entry is loaded as a project of its own (its files merged, its own
 * {@code extends} and {@code include} applied, relative paths against its project directory) and its resources
 * are added; a resource defined both by the includer and an included project is an error. An included project is
 * interpolated with the includer's variables plus those of its own env files (see {@link #environment}).
 */
final class Includes {
    private static final List<String> RESOURCE_KEYS = List.of("services", "networks", "volumes", "secrets", "configs", "models");

    private final SourceReader reader;
    private final Problems problems;

    Includes(SourceReader reader, Problems problems) {
        this.reader = reader;
        this.problems = problems;
    }

    /** {@code top} with its includes applied and the {@code include} key removed. */
    YMap apply(YMap top, String file, Set<String> chain) {
        List<YNode> entries = seqAt(top, "include");
        YMap out = top.without("include");
        int index = 0;
        for (YNode entry : entries) {
            String path = "include[" + index++ + "]";
            if (!(entry instanceof YMap spec)) {
                continue;
            }
            List<YNode> paths = seqAt(spec, "path");
            if (paths.isEmpty()) {
                problems.add(spec.mark(), path + ".path", "expected at least one file");
                continue;
            }
            Path first = Path.of(((YScalar) paths.get(0)).text());
            Path base = Path.of(reader.absoluteOf(file)).getParent();
            Path firstFile = base.resolve(first).normalize();
            Path projectDir = textAt(spec, "project_directory").map(d -> base.resolve(d).normalize())
                    .orElse(firstFile.getParent());
            SourceReader includedReader = reader.withEnvironment(environment(spec, path, base, projectDir));
            YMap included = null;
            String includedName = null;
            for (YNode p : paths) {
                Path f = base.resolve(((YScalar) p).text()).normalize();
                String name = reader.display(f);
                if (chain.contains(name)) {
                    problems.add(p.mark(), path + ".path", "include cycle: " + String.join(" -> ", chain) + " -> " + name);
                    return out;
                }
                Optional<YMap> loaded = includedReader.file(f, projectDir, p.mark(), path + ".path");
                if (loaded.isEmpty()) {
                    continue;
                }
                includedName = includedName == null ? name : includedName;
                included = included == null ? loaded.get() : Merger.project(included, loaded.get());
            }
            if (included == null) {
                continue;
            }
            included = new ExtendsResolver(includedReader, problems).resolve(included, includedName);
            Set<String> nested = new java.util.LinkedHashSet<>(chain);
            nested.add(includedName);
            included = new Includes(includedReader, problems).apply(included, includedName, nested);
            out = addResources(out, included, includedName);
        }
        return out;
    }

    /**
     * The variables an included project is interpolated with: the includer's, and for names the includer does not
     * set, those of the entry's {@code env_file} files (relative to the including file) or, without any, of
     * {@code .env} in the included project's directory.
     */
    private Function<String, Optional<String>> environment(YMap spec, String path, Path base, Path projectDir) {
        Function<String, Optional<String>> parent = reader.environment();
        List<Path> files = new ArrayList<>();
        seqAt(spec, "env_file").forEach(f -> files.add(base.resolve(((YScalar) f).text()).normalize()));
        boolean explicit = !files.isEmpty();
        if (!explicit && Files.isRegularFile(projectDir.resolve(".env"))) {
            files.add(projectDir.resolve(".env"));
        }
        Map<String, String> fromFiles = new HashMap<>();
        for (Path f : files) {
            String name = reader.display(f);
            try {
                fromFiles.putAll(DotEnv.parse(name, Files.readString(f, StandardCharsets.UTF_8), parent, problems));
            } catch (IOException e) {
                problems.add(spec.get("env_file").map(YNode::mark).orElse(spec.mark()), path + ".env_file",
                        "cannot read " + name + ": " + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        if (fromFiles.isEmpty()) {
            return parent;
        }
        return n -> parent.apply(n).or(() -> Optional.ofNullable(fromFiles.get(n)));
    }

    private YMap addResources(YMap top, YMap included, String includedName) {
        YMap out = top;
        for (String key : RESOURCE_KEYS) {
            YMap mine = mapAt(out, key);
            YMap theirs = mapAt(included, key);
            if (theirs.entries().isEmpty()) {
                continue;
            }
            LinkedHashMap<String, YMap.Entry> merged = new LinkedHashMap<>(mine.entries());
            for (YMap.Entry e : theirs.entries().values()) {
                YMap.Entry existing = merged.get(e.key().text());
                if (existing != null) {
                    problems.add(existing.key().mark(), Paths.child(key, e.key().text()),
                            "also defined in the included file " + includedName + "; names must be unique");
                } else {
                    merged.put(e.key().text(), e);
                }
            }
            out = out.with(key, YMap.owning(merged, mine.mark(), mine.tag()));
        }
        return out;
    }
}
