package dev.kstack.compose.yaml;

import dev.kstack.compose.internal.Problems;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML 1.2 document into a {@link YNode} tree: positions kept, aliases and {@code <<} merge keys
 * expanded, {@code !reset}/{@code !override} recorded, duplicate keys and limit violations reported.
 */
public final class YamlReader {
    private static final CoreSchema SCHEMA = new CoreSchema();
    private static final ScalarResolver RESOLVER = SCHEMA.getScalarResolver();

    private final String file;
    private final Limits limits;
    private final Problems problems;
    private final IdentityHashMap<Node, Boolean> inProgress = new IdentityHashMap<>();
    private int nodes;

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
                .setAllowDuplicateKeys(true) // reported by us, with both positions
                .setMaxAliasesForCollections(Integer.MAX_VALUE) // bounded by maxNodes instead
                .setAllowRecursiveKeys(false)
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes() + 1))
                .build();
        try {
            DepthLimitedComposer composer = new DepthLimitedComposer(settings, text);
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                return Optional.of(YMap.empty(new Mark(file, 1, 1)));
            }
            return Optional.of(convert(root.get(), 1));
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

    private Mark markOf(Node n) {
        return n.getStartMark().map(m -> new Mark(file, m.getLine() + 1, m.getColumn() + 1)).orElse(Mark.none(file));
    }

    private void stop(Mark at, String message) {
        problems.add(at, "", message);
        throw new Stop();
    }

    private YNode convert(Node node, int depth) {
        if (++nodes > limits.maxNodes()) {
            stop(markOf(node), "document expands to more than " + limits.maxNodes()
                    + " nodes (aliases expanding exponentially?); refusing to load it");
        }
        if (depth > limits.maxDepth()) {
            stop(markOf(node), "nesting deeper than " + limits.maxDepth() + " levels; refusing to load it");
        }
        if (inProgress.containsKey(node)) {
            stop(markOf(node), "an alias refers to a node that contains it (recursive structure)");
        }
        YTag tag = tagOf(node);
        if (node instanceof ScalarNode s) {
            return scalar(s, tag);
        }
        inProgress.put(node, Boolean.TRUE);
        try {
            if (node instanceof SequenceNode seq) {
                List<YNode> items = new ArrayList<>(seq.getValue().size());
                for (Node item : seq.getValue()) {
                    items.add(convert(item, depth + 1));
                }
                return new YSeq(items, markOf(node), tag);
            }
            return mapping((MappingNode) node, tag, depth);
        } finally {
            inProgress.remove(node);
        }
    }

    private YTag tagOf(Node node) {
        String t = node.getTag().getValue();
        switch (t) {
            case "!reset":
                return YTag.RESET;
            case "!override":
                return YTag.OVERRIDE;
            default:
                if (!t.startsWith(Tag.PREFIX)) {
                    problems.add(markOf(node), "", "unknown tag " + t + "; compose only knows !reset and !override");
                }
                return YTag.NONE;
        }
    }

    private YScalar scalar(ScalarNode s, YTag tag) {
        String value = s.getValue();
        Tag t = s.getTag();
        if (tag != YTag.NONE || !t.getValue().startsWith(Tag.PREFIX)) {
            t = s.isPlain() ? RESOLVER.resolve(value, true) : Tag.STR;
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
        return new YScalar(value, kind, markOf(s), tag);
    }

    private YMap mapping(MappingNode node, YTag tag, int depth) {
        LinkedHashMap<String, YMap.Entry> explicit = new LinkedHashMap<>();
        List<YMap> merged = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode ks)) {
                problems.add(markOf(keyNode), "", "a mapping key must be a scalar, not a "
                        + (keyNode instanceof SequenceNode ? "sequence" : "mapping"));
                continue;
            }
            if (ks.isPlain() && "<<".equals(ks.getValue())) {
                merged.addAll(mergeSources(t.getValueNode(), depth));
                continue;
            }
            YScalar key = scalar(ks, YTag.NONE);
            YMap.Entry previous = explicit.get(key.text());
            if (previous != null) {
                problems.add(key.mark(), "", "duplicate key \"" + key.text() + "\" (first defined at line "
                        + previous.key().mark().line() + ")");
                continue;
            }
            explicit.put(key.text(), new YMap.Entry(key, convert(t.getValueNode(), depth + 1)));
        }
        if (merged.isEmpty()) {
            return new YMap(explicit, markOf(node), tag);
        }
        // Explicit keys win over merged ones; among merged mappings, the first listed wins.
        LinkedHashMap<String, YMap.Entry> result = new LinkedHashMap<>();
        for (YMap source : merged) {
            for (YMap.Entry e : source.entries().values()) {
                result.putIfAbsent(e.key().text(), e);
            }
        }
        result.putAll(explicit);
        return new YMap(result, markOf(node), tag);
    }

    private List<YMap> mergeSources(Node value, int depth) {
        List<YMap> out = new ArrayList<>();
        if (value instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                out.addAll(mergeSources(item, depth));
            }
            return out;
        }
        YNode converted = convert(value, depth + 1);
        if (converted instanceof YMap m) {
            out.add(m);
        } else {
            problems.add(converted.mark(), "", "a merge key (<<) takes a mapping or a list of mappings, not "
                    + converted.describe());
        }
        return out;
    }

    /** A composer that refuses to nest deeper than the limit before recursing (no stack overflow). */
    private final class DepthLimitedComposer extends Composer {
        private int depth;

        DepthLimitedComposer(LoadSettings settings, String text) {
            super(settings, new ParserImpl(settings, new StreamReader(settings, text)));
        }

        private void enter() {
            if (++depth > limits.maxDepth()) {
                stop(parser.peekEvent().getStartMark()
                        .map(m -> new Mark(file, m.getLine() + 1, m.getColumn() + 1)).orElse(Mark.none(file)),
                        "nesting deeper than " + limits.maxDepth() + " levels; refusing to load it");
            }
        }

        @Override
        protected SequenceNode composeSequenceNode(Optional<Anchor> anchor) {
            enter();
            try {
                return super.composeSequenceNode(anchor);
            } finally {
                depth--;
            }
        }

        @Override
        protected Node composeMappingNode(Optional<Anchor> anchor) {
            enter();
            try {
                return super.composeMappingNode(anchor);
            } finally {
                depth--;
            }
        }
    }
}
