package dev.kstack.compose.internal;

import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.yaml.Limits;
import dev.kstack.compose.yaml.Mark;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YamlReader;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The per-file stage: read (within the limits), parse, interpolate, normalize the top-level keys and make
 * relative paths absolute. Files are read once per load.
 */
final class SourceReader {
    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final List<String> RESOURCE_KEYS = List.of("services", "networks", "volumes", "secrets", "configs", "models");

    private final Problems problems;
    private final Limits limits;
    private final Function<String, Optional<String>> environment;
    private final List<String> notes;
    private final Path workingDir;
    private final Map<Path, Optional<YMap>> cache = new HashMap<>();

    SourceReader(Problems problems, Limits limits, Function<String, Optional<String>> environment, List<String> notes,
                 Path workingDir) {
        this.problems = problems;
        this.limits = limits;
        this.environment = environment;
        this.notes = notes;
        this.workingDir = workingDir;
    }

    /** A reader of the same load whose files are interpolated with {@code other} (an included project's). */
    SourceReader withEnvironment(Function<String, Optional<String>> other) {
        return new SourceReader(problems, limits, other, notes, workingDir);
    }

    Function<String, Optional<String>> environment() {
        return environment;
    }

    /** How a file is named in diagnostics: relative to the working directory when inside it. */
    String display(Path absolute) {
        return absolute.startsWith(workingDir) && !absolute.equals(workingDir)
                ? workingDir.relativize(absolute).toString() : absolute.toString();
    }

    /** The absolute path of a file named in diagnostics (inverse of {@link #display}). */
    String absoluteOf(String displayName) {
        return workingDir.resolve(displayName).normalize().toString();
    }

    /** Reads a file; {@code pathBase} is what its relative paths are relative to. Empty when it failed. */
    Optional<YMap> file(Path absolute, Path pathBase, Mark requestedAt, String requestedPath) {
        Optional<YMap> cached = cache.get(absolute);
        if (cached != null) {
            return cached;
        }
        String name = display(absolute);
        Optional<YMap> result;
        try {
            long size = Files.size(absolute);
            if (size > limits.maxBytes()) {
                problems.add(Mark.none(name), "", "file is " + size + " bytes; the limit is " + limits.maxBytes() + " bytes");
                result = Optional.empty();
            } else {
                result = decode(name, Files.readAllBytes(absolute)).flatMap(content -> text(name, content, pathBase));
            }
        } catch (IOException e) {
            problems.add(requestedAt, requestedPath, "cannot read " + name + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            result = Optional.empty();
        }
        cache.put(absolute, result);
        return result;
    }

    /** The file's text, or empty with the position of the first byte that is not UTF-8. */
    private Optional<String> decode(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
            int lineStart = before.lastIndexOf('\n') + 1;
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            problems.add(new Mark(name, line, before.codePointCount(lineStart, before.length()) + 1), "",
                    String.format("not UTF-8: byte 0x%02X cannot start or continue a character", bytes[in.position()]));
            return Optional.empty();
        }
        decoder.flush(out);
        return Optional.of(out.flip().toString());
    }

    /** Parses compose text named {@code name}. */
    Optional<YMap> text(String name, String content, Path pathBase) {
        Optional<YNode> root = YamlReader.read(name, content, limits, problems);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!(root.get() instanceof YMap map)) {
            problems.add(root.get().mark(), "", "a compose file must be a mapping, not " + root.get().describe());
            return Optional.empty();
        }
        YMap interpolated = (YMap) new Interpolator(environment).tree(map, "", problems);
        return Optional.of(new PathResolver(pathBase, environment).top(top(interpolated, name)));
    }

    private YMap top(YMap root, String file) {
        Normalizer normalizer = new Normalizer(problems, environment, notes);
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>();
        for (YMap.Entry e : root.entries().values()) {
            String key = e.key().text();
            YNode value = null;
            if (key.equals("version")) {
                notes.add(file + ": the top-level \"version\" is obsolete and ignored");
            } else if (key.equals("name")) {
                value = normalizer.normalize(e.value(), String.class, key);
            } else if (key.equals("include")) {
                value = normalizer.normalize(e.value(), listOf(IncludeSpec.class), key);
            } else if (RESOURCE_KEYS.contains(key)) {
                if (e.value() instanceof YScalar s && s.isNull()) {
                    continue;
                }
                if (!(e.value() instanceof YMap)) {
                    problems.add(e.value().mark(), key, "expected a mapping of names to definitions, got "
                            + e.value().describe());
                    continue;
                }
                value = normalizer.normalize(e.value(), componentType(key), key);
                checkNames(value, key);
            } else if (key.startsWith("x-")) {
                value = e.value();
            } else {
                problems.add(e.key().mark(), key, "unknown top-level attribute; expected name, services, networks, "
                        + "volumes, secrets, configs, models, include or x-*");
            }
            if (value != null) {
                out.put(key, new YMap.Entry(e.key(), value));
            }
        }
        return YMap.owning(out, root.mark(), root.tag());
    }

    private void checkNames(YNode value, String key) {
        if (value instanceof YMap m) {
            for (YMap.Entry e : m.entries().values()) {
                if (!RESOURCE_NAME.matcher(e.key().text()).matches()) {
                    problems.add(e.key().mark(), Paths.child(key, e.key().text()),
                            "invalid name; expected letters, digits, '.', '_' or '-'");
                }
            }
        }
    }

    private static Type componentType(String key) {
        for (RecordComponent rc : ComposeProject.class.getRecordComponents()) {
            if (rc.getName().equals(key)) {
                return rc.getGenericType();
            }
        }
        throw new IllegalArgumentException(key);
    }

    private static Type listOf(Class<?> item) {
        return new java.lang.reflect.ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {item};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }
}
