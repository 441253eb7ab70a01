package dev.kstack.compose.yaml;

import dev.kstack.compose.internal.Problems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML 1.2 document into a {@link YNode} tree, straight from the parser's events: positions kept,
 * aliases (sharing the anchored node) and {@code <<} merge keys resolved, {@code !reset}/{@code !override} recorded, duplicate keys and limit violations reported.
 */
public final class YamlReader {
    private static final CoreSchema SCHEMA = new CoreSchema();
    private static final ScalarResolver RESOLVER = SCHEMA.getScalarResolver();

    private final String file;
    private final Limits limits;
    private final Problems problems;
    private long nodes;

    private YamlReader(String file, Limits limits, Problems problems) {
        this.file = file;
        this.limits = limits;
        this.problems = problems;
    }

    /** Thrown inside the reader to stop at the first limit violation. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    /**
     * Parses {@code text}; problems are added to {@code problems} and the result is empty when the
     * document cannot be used. An empty document gives an empty mapping.
     */
    public static Optional<YNode> read(String file, String text, Limits limits, Problems problems) {
        if (text.length() > limits.maxBytes()) {
            problems.add(Mark.none(file), "", "file is " + text.length() + " characters long; the limit is "
                    + limits.maxBytes());
            return Optional.empty();
        }
        return new YamlReader(file, limits, problems).parse(text);
    }

    private Optional<YNode> parse(String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(SCHEMA)
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes() + 1))
                .build();
        try {
            return Optional.of(build(new ParserImpl(settings, new StreamReader(settings, text))));
        } catch (Stop stop) {
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            Mark at = e.getProblemMark().or(e::getContextMark)
                    .map(m -> new Mark(file, m.getLine() + 1, m.getColumn() + 1)).orElse(Mark.none(file));
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            problems.add(at, "", "invalid YAML: " + context + e.getProblem());
            return Optional.empty();
        } catch (ReaderException e) {
            // A character YAML does not allow (NUL, other control characters): the reader gives no mark.
            problems.add(markOfCodePoint(text, e.getCodePoint()), "", String.format(
                    "invalid YAML: character U+%04X is not allowed in YAML", e.getCodePoint()));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(Mark.none(file), "", "invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The line and column of the first occurrence of {@code codePoint} (the reader stops at the first one). */
    private Mark markOfCodePoint(String text, int codePoint) {
        int index = text.indexOf(codePoint);
        if (index < 0) {
            return Mark.none(file);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Mark(file, line, text.codePointCount(lineStart, index) + 1);
    }

    private Mark markOf(Event e) {
        return e.getStartMark().map(m -> new Mark(file, m.getLine() + 1, m.getColumn() + 1)).orElse(Mark.none(file));
    }

    private void stop(Mark at, String message) {
        problems.add(at, "", message);
        throw new Stop();
    }

    /** A built node with what its expansion costs: nodes (aliases counted in full) and levels. */
    private record Built(YNode node, long size, int height) {
    }

    /** A mapping or sequence being built. */
    private static final class Frame {
        final boolean mapping;
        final Mark mark;
        final YTag tag;
        final String anchor;
        final List<YNode> items = new ArrayList<>();
        final LinkedHashMap<String, YMap.Entry> explicit = new LinkedHashMap<>();
        final List<YMap> merged = new ArrayList<>();
        YScalar key;
        boolean keyIsMerge;
        boolean keyPlain;
        boolean skipValue;
        boolean expectKey = true;
        long size = 1;
        int height = 1;

        Frame(boolean mapping, Mark mark, YTag tag, String anchor) {
            this.mapping = mapping;
            this.mark = mark;
            this.tag = tag;
            this.anchor = anchor;
        }
    }

    /**
     * Builds the tree straight from the parser's events. An alias shares the anchored (immutable) node instead of
     * copying it, but its full expanded size and depth count against the limits, so later stages that walk the
     * tree stay bounded.
     */
    private YNode build(ParserImpl parser) {
        Map<String, Built> anchors = new HashMap<>();
        Set<String> open = new HashSet<>();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        Built root = null;
        boolean documentSeen = false;
        while (parser.hasNext()) {
            Event e = parser.next();
            Built done = null;
            switch (e.getEventId()) {
                case DocumentStart -> {
                    if (documentSeen) {
                        stop(markOf(e), "invalid YAML: expected a single document in the stream, found another one");
                    }
                    documentSeen = true;
                }
                case Scalar -> {
                    ScalarEvent se = (ScalarEvent) e;
                    boolean isKey = !stack.isEmpty() && stack.peek().mapping && stack.peek().expectKey;
                    if (isKey) {
                        stack.peek().keyPlain = se.isPlain();
                    }
                    YScalar built = scalar(se, !isKey);
                    count(0, built.mark());
                    done = new Built(built, 1, 1);
                    if (se.getAnchor().isPresent()) {
                        anchors.put(se.getAnchor().get().getValue(), done);
                    }
                }
                case Alias -> {
                    String name = ((AliasEvent) e).getAlias().getValue();
                    if (!stack.isEmpty() && stack.peek().mapping && stack.peek().expectKey) {
                        stack.peek().keyPlain = false;
                    }
                    Built target = anchors.get(name);
                    if (open.contains(name)) {
                        Frame f = stack.stream().filter(x -> name.equals(x.anchor)).findFirst().orElseThrow();
                        stop(f.mark, "an alias refers to a node that contains it (recursive structure)");
                    }
                    if (target == null) {
                        stop(markOf(e), "invalid YAML: found undefined alias " + name);
                    }
                    done = target;
                    count(target.size - 1, markOf(e));
                    if (stack.size() + target.height > limits.maxDepth()) {
                        stop(markOf(e), "nesting deeper than " + limits.maxDepth() + " levels; refusing to load it");
                    }
                }
                case SequenceStart, MappingStart -> {
                    if (stack.size() + 1 > limits.maxDepth()) {
                        stop(markOf(e), "nesting deeper than " + limits.maxDepth() + " levels; refusing to load it");
                    }
                    CollectionStartEvent ce = (CollectionStartEvent) e;
                    String anchor = ce.getAnchor().map(a -> a.getValue()).orElse(null);
                    if (anchor != null) {
                        open.add(anchor);
                    }
                    count(0, markOf(e));
                    stack.push(new Frame(e.getEventId() == Event.ID.MappingStart, markOf(e), tagOf(ce.getTag(),
                            markOf(e)), anchor));
                }
                case SequenceEnd, MappingEnd -> {
                    Frame f = stack.pop();
                    YNode node = f.mapping ? mapping(f) : new YSeq(f.items, f.mark, f.tag);
                    done = new Built(node, f.size, f.height);
                    if (f.anchor != null) {
                        open.remove(f.anchor);
                        anchors.put(f.anchor, done);
                    }
                }
                default -> {
                }
            }
            if (done == null) {
                continue;
            }
            if (stack.isEmpty()) {
                root = done;
            } else {
                add(stack.peek(), done);
            }
        }
        return root == null ? YMap.empty(new Mark(file, 1, 1)) : root.node();
    }

    private void count(long more, Mark at) {
        nodes += 1 + more;
        if (nodes > limits.maxNodes()) {
            stop(at, "document expands to more than " + limits.maxNodes()
                    + " nodes (aliases expanding exponentially?); refusing to load it");
        }
    }

    private void add(Frame f, Built child) {
        if (!f.mapping) {
            f.items.add(child.node());
            f.size += child.size();
            f.height = Math.max(f.height, child.height() + 1);
            return;
        }
        if (f.expectKey) {
            f.expectKey = false;
            f.skipValue = false;
            f.keyIsMerge = false;
            if (!(child.node() instanceof YScalar key)) {
                problems.add(child.node().mark(), "", "a mapping key must be a scalar, not a "
                        + (child.node() instanceof YSeq ? "sequence" : "mapping"));
                f.skipValue = true;
                return;
            }
            f.key = key;
            f.keyIsMerge = f.keyPlain && key.text().equals("<<");
            return;
        }
        f.expectKey = true;
        if (f.skipValue) {
            return;
        }
        f.size += child.size();
        f.height = Math.max(f.height, child.height() + 1);
        if (f.keyIsMerge) {
            mergeSources(f, child.node());
            return;
        }
        YMap.Entry previous = f.explicit.get(f.key.text());
        if (previous != null) {
            problems.add(f.key.mark(), "", "duplicate key \"" + f.key.text() + "\" (first defined at line "
                    + previous.key().mark().line() + ")");
            return;
        }
        f.explicit.put(f.key.text(), new YMap.Entry(f.key, child.node()));
    }

    private void mergeSources(Frame f, YNode value) {
        if (value instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                if (item instanceof YMap m) {
                    f.merged.add(m);
                } else {
                    problems.add(item.mark(), "", "a merge key (<<) takes a mapping or a list of mappings, not "
                            + item.describe());
                }
            }
        } else if (value instanceof YMap m) {
            f.merged.add(m);
        } else {
            problems.add(value.mark(), "", "a merge key (<<) takes a mapping or a list of mappings, not "
                    + value.describe());
        }
    }

    private YMap mapping(Frame f) {
        if (f.merged.isEmpty()) {
            return YMap.owning(f.explicit, f.mark, f.tag);
        }
        // Explicit keys win over merged ones; among merged mappings, the first listed wins.
        LinkedHashMap<String, YMap.Entry> result = new LinkedHashMap<>();
        for (YMap source : f.merged) {
            for (YMap.Entry e : source.entries().values()) {
                result.putIfAbsent(e.key().text(), e);
            }
        }
        result.putAll(f.explicit);
        return YMap.owning(result, f.mark, f.tag);
    }

    private YTag tagOf(Optional<String> tag, Mark at) {
        if (tag.isEmpty()) {
            return YTag.NONE;
        }
        String t = tag.get();
        switch (t) {
            case "!reset":
                return YTag.RESET;
            case "!override":
                return YTag.OVERRIDE;
            default:
                if (!t.equals("!") && !t.startsWith(Tag.PREFIX)) {
                    problems.add(at, "", "unknown tag " + t + "; compose only knows !reset and !override");
                }
                return YTag.NONE;
        }
    }

    private YScalar scalar(ScalarEvent s, boolean checkTag) {
        String value = s.getValue();
        Mark mark = markOf(s);
        YTag tag = checkTag ? tagOf(s.getTag(), mark) : YTag.NONE;
        String explicit = s.getTag().filter(t -> !t.equals("!")).orElse(null);
        Tag t;
        if (explicit == null || tag != YTag.NONE || !explicit.startsWith(Tag.PREFIX)) {
            t = s.isPlain() ? resolve(value) : Tag.STR;
        } else {
            t = new Tag(explicit);
        }
        YScalar.Kind kind;
        if (t.equals(Tag.INT)) {
            kind = YScalar.Kind.INT;
        } else if (t.equals(Tag.FLOAT)) {
            kind = YScalar.Kind.FLOAT;
        } else if (t.equals(Tag.BOOL)) {
            kind = YScalar.Kind.BOOL;
        } else if (t.equals(Tag.NULL)) {
            kind = YScalar.Kind.NULL;
        } else {
            kind = YScalar.Kind.STRING;
        }
        return new YScalar(value, kind, mark, tag);
    }

    /**
     * The core schema's tag of a plain scalar. Null and booleans are the schema's few words; only values that may
     * be numbers (a digit, sign or dot first) go through the schema's patterns.
     */
    private static Tag resolve(String value) {
        if (value.isEmpty()) {
            return Tag.NULL;
        }
        char c = value.charAt(0);
        switch (c) {
            case 'n', 'N', '~' -> {
                return switch (value) {
                    case "null", "Null", "NULL", "~" -> Tag.NULL;
                    default -> Tag.STR;
                };
            }
            case 't', 'T', 'f', 'F' -> {
                return switch (value) {
                    case "true", "True", "TRUE", "false", "False", "FALSE" -> Tag.BOOL;
                    default -> Tag.STR;
                };
            }
            default -> {
                boolean numeric = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
                return numeric ? RESOLVER.resolve(value, true) : Tag.STR;
            }
        }
    }
}
