package dev.kstack.compose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.model.Build;
import dev.kstack.compose.model.ByteSize;

import dev.kstack.compose.model.DeviceRequest;
import dev.kstack.compose.model.FileReference;
import dev.kstack.compose.model.Port;
import dev.kstack.compose.model.Resources;
import dev.kstack.compose.model.Service;
import dev.kstack.compose.model.ServiceVolume;
import dev.kstack.compose.model.Syntax.Form;
import dev.kstack.compose.yaml.Mark;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YSeq;
import dev.kstack.compose.yaml.YTag;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a YAML tree against the model records ({@link Schema}) and rewrites it into long form:
 * short syntaxes expanded, list forms turned into mappings, scalars in canonical text, defaults added.
 * Every problem is reported with its position; an invalid value is dropped so that checking goes on.
 */
public final class Normalizer {
    private static final Set<String> SERVICE_EXTRA_KEYS = Set.of("extends");
    private static final Set<Class<?>> EXTERNAL_OWNERS = Set.of(Resources.Volume.class, Resources.Network.class,
            Resources.FileObject.class);
    private static final ClassValue<List<Schema.Attribute>> DEFAULTED_OR_REQUIRED = new ClassValue<>() {
        @Override
        protected List<Schema.Attribute> computeValue(Class<?> type) {
            return Schema.of(type).defaultedOrRequired();
        }
    };

    private final Problems problems;
    private final Function<String, Optional<String>> environment;
    private final List<String> notes;
    private final ShortSyntax shortSyntax;

    /**
     * @param environment where {@code KEY} alone in a service's {@code environment} takes its value from
     * @param notes       receives one line per value that was dropped on purpose
     */
    public Normalizer(Problems problems, Function<String, Optional<String>> environment, List<String> notes) {
        this.problems = problems;
        this.environment = environment;
        this.notes = notes;
        this.shortSyntax = new ShortSyntax(problems);
    }

    /** Normalizes {@code node} as a value of {@code type}; {@code null} when it is invalid (already reported). */
    public YNode normalize(YNode node, Type type, String path) {
        return value(node, type, null, path);
    }

    private YNode value(YNode node, Type type, Schema.Attribute attr, String path) {
        if (node.tag() == YTag.RESET) {
            return node;
        }
        Class<?> raw = Schema.raw(type);
        if (raw == Optional.class) {
            return value(node, Schema.arg(type, 0), attr, path);
        }
        if (raw == JsonNode.class) {
            return node;
        }
        if (raw == List.class) {
            return list(node, Schema.arg(type, 0), attr, path);
        }
        if (raw == Map.class) {
            return map(node, Schema.arg(type, 1), attr, path);
        }
        if (raw.isRecord() && raw != ByteSize.class) {
            return record(node, raw, path);
        }
        return scalar(node, raw, attr, path);
    }

    // ---- scalars ------------------------------------------------------------------------------

    private YNode scalar(YNode node, Class<?> type, Schema.Attribute attr, String path) {
        if (!(node instanceof YScalar s) || s.isNull()) {
            return expected(node, path, expectedWord(type));
        }
        String text = s.text();
        YScalar out;
        if (type == String.class) {
            if (attr != null && attr.aliases().containsKey(text)) {
                String meant = attr.aliases().get(text);
                note(s.mark(), path, "\"" + text + "\" is not one of " + String.join(", ", attr.oneOf())
                        + "; read as \"" + meant + "\"");
                text = meant;
            }
            out = new YScalar(text, YScalar.Kind.STRING, s.mark(), s.tag());
            if (attr != null && !attr.oneOf().isEmpty() && !attr.oneOf().contains(text)) {
                problems.add(s.mark(), path, "\"" + text + "\" is not allowed; expected one of "
                        + String.join(", ", attr.oneOf()));
                return null;
            }
            if (attr != null && attr.pattern().isPresent() && !attr.pattern().get().matcher(text).matches()) {
                problems.add(s.mark(), path, "\"" + text + "\" is not allowed; expected " + attr.patternExpected());
                return null;
            }
        } else if (type == Integer.class || type == Long.class) {
            Optional<Long> n = Values.parseInteger(text);
            if (n.isEmpty() || (type == Integer.class && (n.get() > Integer.MAX_VALUE || n.get() < Integer.MIN_VALUE))) {
                return expected(node, path, "an integer");
            }
            out = new YScalar(Long.toString(n.get()), YScalar.Kind.INT, s.mark(), s.tag());
        } else if (type == Double.class) {
            try {
                double d = Double.parseDouble(text);
                out = new YScalar(Values.formatDouble(d), YScalar.Kind.FLOAT, s.mark(), s.tag());
            } catch (NumberFormatException e) {
                return expected(node, path, "a number");
            }
        } else if (type == Boolean.class) {
            Optional<Boolean> b = Values.parseBoolean(text);
            if (b.isEmpty()) {
                return expected(node, path, "a boolean (true or false)");
            }
            out = new YScalar(b.get().toString(), YScalar.Kind.BOOL, s.mark(), s.tag());
        } else if (type == Duration.class) {
            Optional<Duration> d = s.kind() == YScalar.Kind.INT
                    ? Values.parseInteger(text).map(Duration::ofSeconds) : Units.parseDuration(text);
            if (d.isEmpty()) {
                return expected(node, path, "a duration such as 1m30s or 500ms");
            }
            out = new YScalar(Units.formatDuration(d.get()), YScalar.Kind.STRING, s.mark(), s.tag());
        } else if (type == ByteSize.class) {
            Optional<Long> b = Units.parseBytes(text);
            if (b.isEmpty()) {
                return expected(node, path, "a byte size such as 512m, 1gb or 1048576");
            }
            out = new YScalar(Long.toString(b.get()), YScalar.Kind.INT, s.mark(), s.tag());
        } else {
            throw new IllegalStateException("no rule for " + type);
        }
        return out;
    }

    private static String expectedWord(Class<?> type) {
        if (type == Integer.class || type == Long.class) {
            return "an integer";
        } else if (type == Double.class) {
            return "a number";
        } else if (type == Boolean.class) {
            return "a boolean (true or false)";
        } else if (type == Duration.class) {
            return "a duration such as 1m30s or 500ms";
        } else if (type == ByteSize.class) {
            return "a byte size such as 512m, 1gb or 1048576";
        }
        return "a string";
    }

    /** A note in the form of a diagnostic: {@code FILE:LINE:COL: PATH: MESSAGE}. */
    private void note(Mark at, String path, String message) {
        notes.add(new Diagnostic(at.file(), at.line(), at.column(), path, message).toString());
    }

    private YNode expected(YNode node, String path, String what) {
        String got = node instanceof YScalar s && s.kind() == YScalar.Kind.STRING ? "\"" + s.text() + "\"" : node.describe();
        problems.add(node.mark(), path, "expected " + what + ", got " + got);
        return null;
    }

    // ---- records ------------------------------------------------------------------------------

    private YNode record(YNode node, Class<?> type, String path) {
        if (node instanceof YScalar s && !s.isNull()) {
            YNode expanded = expandScalar(s, type, path);
            if (expanded == null) {
                return null;
            }
            node = expanded;
        }
        if (node instanceof YScalar s && s.isNull()) {
            node = YMap.empty(s.mark()).withTag(s.tag());
        }
        if (!(node instanceof YMap m)) {
            return expected(node, path, "a mapping");
        }
        if (EXTERNAL_OWNERS.contains(type) && m.get("external").filter(YMap.class::isInstance).isPresent()) {
            m = legacyExternal(m, path);
        }
        Schema.RecordInfo info = Schema.of(type);
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>();
        for (YMap.Entry e : m.entries().values()) {
            String key = e.key().text();
            String childPath = Paths.child(path, key);
            Schema.Attribute a = info.byKey().get(key);
            YNode v;
            if (a != null) {
                if (e.value() instanceof YScalar s && s.isNull() && s.tag() == YTag.NONE
                        && Schema.raw(a.type()) == Optional.class && !Schema.raw(Schema.arg(a.type(), 0)).isRecord()) {
                    continue; // "key:" with no value is the same as no key
                }
                v = value(e.value(), a.type(), a, childPath);
            } else if (key.startsWith("x-") && info.extensions().isPresent()) {
                v = e.value();
            } else if (type == Service.class && SERVICE_EXTRA_KEYS.contains(key)) {
                v = extendsValue(e.value(), childPath);
            } else {
                problems.add(e.key().mark(), childPath, unknownKey(key, info));
                continue;
            }
            if (v != null) {
                out.put(key, new YMap.Entry(e.key(), v));
            }
        }
        for (Schema.Attribute a : DEFAULTED_OR_REQUIRED.get(type)) {
            if (out.containsKey(a.key()) || m.has(a.key())) {
                continue;
            }
            if (a.defaultValue().isPresent()) {
                YScalar def = new YScalar(a.defaultValue().get(), YScalar.Kind.STRING, m.mark(), YTag.NONE);
                out.put(a.key(), new YMap.Entry(YScalar.string(a.key(), m.mark()),
                        value(def, a.type(), a, Paths.child(path, a.key()))));
            } else if (a.required() && m.tag() != YTag.OVERRIDE) {
                problems.add(m.mark(), path, "missing required attribute \"" + a.key() + "\"");
            }
        }
        return YMap.owning(out, m.mark(), m.tag());
    }

    /**
     * The legacy {@code external: {name: other}} (Compose warns that it is deprecated): read as {@code external: true}
     * with {@code name: other}; a {@code name} of its own as well is an error, as in Compose.
     */
    private YMap legacyExternal(YMap m, String path) {
        YMap.Entry entry = m.entries().get("external");
        YMap legacy = (YMap) entry.value();
        String externalPath = Paths.child(path, "external");
        YScalar yes = new YScalar("true", YScalar.Kind.BOOL, legacy.mark(), YTag.NONE);
        Optional<YNode> name = legacy.get("name");
        for (YMap.Entry e : legacy.entries().values()) {
            if (!e.key().text().equals("name") && !e.key().text().startsWith("x-")) {
                problems.add(e.key().mark(), Paths.child(externalPath, e.key().text()), "unknown attribute; expected name");
            }
        }
        if (name.isEmpty()) {
            return m.with("external", yes);
        }
        if (m.has("name")) {
            problems.add(legacy.mark(), Paths.child(externalPath, "name"),
                    "external.name and name conflict; set only name (with external: true)");
            return m.with("external", yes);
        }
        String shown = name.get() instanceof YScalar n ? n.text() : "";
        note(legacy.mark(), externalPath, "external.name is deprecated; read as name: " + shown + " with external: true");
        return m.with("external", yes).with("name", name.get());
    }

    private YNode expandScalar(YScalar s, Class<?> type, String path) {
        if (type == ServiceVolume.class) {
            return shortSyntax.volume(s, path);
        } else if (type == FileReference.class) {
            return ShortSyntax.single(s, "source");
        } else if (type == Service.Device.class) {
            return shortSyntax.device(s, path);
        } else if (type == Service.EnvFile.class) {
            return ShortSyntax.single(s, "path");
        } else if (type == Build.class) {
            return ShortSyntax.single(s, "context");
        } else if (type == IncludeSpec.class) {
            return ShortSyntax.single(s, "path");
        } else if (type == Service.Ulimit.class) {
            return ShortSyntax.ulimit(s);
        }
        return expected(s, path, "a mapping");
    }

    private YNode extendsValue(YNode node, String path) {
        if (node instanceof YScalar s && !s.isNull()) {
            return ShortSyntax.single(s, "service");
        }
        if (node instanceof YMap m) {
            for (YMap.Entry e : m.entries().values()) {
                String key = e.key().text();
                if (!key.equals("service") && !key.equals("file")) {
                    problems.add(e.key().mark(), Paths.child(path, key), "unknown attribute; expected service or file");
                } else if (!(e.value() instanceof YScalar s) || s.isNull()) {
                    expected(e.value(), Paths.child(path, key), "a string");
                }
            }
            if (!m.has("service")) {
                problems.add(m.mark(), path, "missing required attribute \"service\"");
            }
            return m;
        }
        return expected(node, path, "a service name or a mapping with service and file");
    }

    private static String unknownKey(String key, Schema.RecordInfo info) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : info.byKey().keySet()) {
            int d = Values.editDistance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return "unknown attribute" + (best != null ? "; did you mean \"" + best + "\"?" : "")
                + (key.startsWith("x-") ? "" : " (custom attributes must start with x-)");
    }

    // ---- lists --------------------------------------------------------------------------------

    private YNode list(YNode node, Type item, Schema.Attribute attr, String path) {
        Class<?> itemClass = Schema.raw(item);
        if (node instanceof YScalar s && !s.isNull()) {
            if (attr != null && attr.is(Form.SHELL_WORDS)) {
                Optional<List<String>> words = ShellWords.split(s.text());
                if (words.isEmpty()) {
                    problems.add(s.mark(), path, "unterminated quote in \"" + s.text() + "\"");
                    return null;
                }
                return strings(words.get(), s);
            }
            if (attr != null && attr.is(Form.HEALTHCHECK_TEST)) {
                return strings(List.of("CMD-SHELL", s.text()), s);
            }
            if (itemClass == DeviceRequest.class && s.text().equals("all")) {
                return new YSeq(List.of(new ShortSyntax.MapBuilder(s.mark()).str("count", "all").build()), s.mark(), s.tag());
            }
            if (attr != null && (attr.is(Form.SINGLE_OR_LIST) || attr.is(Form.LIST_OR_MAP))) {
                return list(new YSeq(List.of(s), s.mark(), s.tag()), item, attr, path);
            }
        }
        if (node instanceof YMap m && attr != null && attr.is(Form.EXTRA_HOSTS)) {
            return extraHostsFromMap(m, path);
        }
        if (node instanceof YMap m && attr != null && attr.is(Form.LIST_OR_MAP)) {
            return listFromMap(m, path);
        }
        if (!(node instanceof YSeq seq)) {
            return expected(node, path, "a sequence");
        }
        List<YNode> out = new ArrayList<>(seq.items().size());
        int index = 0;
        for (YNode n : seq.items()) {
            String itemPath = Paths.index(path, index++);
            if (itemClass == Port.class && n instanceof YScalar s && !s.isNull()) {
                for (YMap expanded : shortSyntax.ports(s, itemPath)) {
                    add(out, record(expanded, Port.class, itemPath));
                }
            } else if (attr != null && attr.is(Form.EXTRA_HOSTS) && n instanceof YScalar s && !s.isNull()) {
                add(out, extraHost(s, itemPath));
            } else {
                add(out, value(n, item, null, itemPath));
            }
        }
        return new YSeq(out, seq.mark(), seq.tag());
    }

    private static void add(List<YNode> out, YNode n) {
        if (n != null) {
            out.add(n);
        }
    }

    private static YSeq strings(List<String> words, YScalar at) {
        List<YNode> items = new ArrayList<>(words.size());
        for (String w : words) {
            items.add(YScalar.string(w, at.mark()));
        }
        return new YSeq(items, at.mark(), at.tag());
    }

    private YNode extraHost(YScalar s, String path) {
        String text = s.text();
        int eq = text.indexOf('=');
        int colon = text.indexOf(':');
        int split = eq >= 0 ? eq : colon;
        if (split <= 0 || split == text.length() - 1) {
            problems.add(s.mark(), path, "invalid extra host \"" + text + "\"; expected host=ip or host:ip");
            return null;
        }
        return YScalar.string(text.substring(0, split) + "=" + text.substring(split + 1), s.mark());
    }

    /** {@code {id: value}} → {@code [id=value]}; {@code {id: null}} → {@code [id]}. */
    private YNode listFromMap(YMap m, String path) {
        List<YNode> out = new ArrayList<>();
        for (YMap.Entry e : m.entries().values()) {
            String id = e.key().text();
            if (e.value() instanceof YScalar s && s.isNull()) {
                out.add(YScalar.string(id, e.key().mark()));
            } else if (e.value() instanceof YScalar s) {
                out.add(YScalar.string(id + "=" + s.text(), s.mark()));
            } else {
                expected(e.value(), Paths.child(path, id), "a string or nothing");
            }
        }
        return new YSeq(out, m.mark(), m.tag());
    }

    private YNode extraHostsFromMap(YMap m, String path) {
        List<YNode> out = new ArrayList<>();
        for (YMap.Entry e : m.entries().values()) {
            String host = e.key().text();
            List<YNode> addresses = e.value() instanceof YSeq seq ? seq.items() : List.of(e.value());
            for (YNode a : addresses) {
                if (a instanceof YScalar s && !s.isNull()) {
                    out.add(YScalar.string(host + "=" + s.text(), s.mark()));
                } else {
                    expected(a, Paths.child(path, host), "an IP address");
                }
            }
        }
        return new YSeq(out, m.mark(), m.tag());
    }

    // ---- maps ---------------------------------------------------------------------------------

    private YNode map(YNode node, Type valueType, Schema.Attribute attr, String path) {
        boolean strings = Schema.raw(valueType) == String.class;
        boolean fromEnvironment = attr != null && attr.is(Form.ENVIRONMENT);
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>();
        if (node instanceof YSeq seq) {
            int index = 0;
            for (YNode n : seq.items()) {
                String itemPath = Paths.index(path, index++);
                if (!(n instanceof YScalar s) || s.isNull()) {
                    expected(n, itemPath, strings ? "a KEY=VALUE string" : "a name");
                    continue;
                }
                String key = s.text();
                YNode value = null;
                if (strings) {
                    int eq = key.indexOf('=');
                    if (eq >= 0) {
                        value = YScalar.string(key.substring(eq + 1), s.mark());
                        key = key.substring(0, eq);
                    }
                }
                if (key.isEmpty()) {
                    problems.add(s.mark(), itemPath, "empty key in \"" + s.text() + "\"");
                    continue;
                }
                if (out.containsKey(key) && !strings) {
                    problems.add(s.mark(), itemPath, "\"" + key + "\" is listed twice");
                    continue;
                }
                if (out.containsKey(key)) {
                    note(s.mark(), itemPath, "\"" + key + "\" is listed twice; the last value wins");
                }
                YNode v = mapValue(key, value == null ? new YScalar("", YScalar.Kind.NULL, s.mark(), YTag.NONE) : value,
                        valueType, fromEnvironment, Paths.child(path, key));
                if (v != null) {
                    out.put(key, new YMap.Entry(YScalar.string(key, s.mark()), v));
                }
            }
            return YMap.owning(out, seq.mark(), seq.tag());
        }
        if (!(node instanceof YMap m)) {
            return expected(node, path, strings ? "a mapping or a list of KEY=VALUE strings" : "a mapping");
        }
        for (YMap.Entry e : m.entries().values()) {
            String key = e.key().text();
            YNode v = mapValue(key, e.value(), valueType, fromEnvironment, Paths.child(path, key));
            if (v != null) {
                out.put(key, new YMap.Entry(e.key(), v));
            }
        }
        return YMap.owning(out, m.mark(), m.tag());
    }

    private YNode mapValue(String key, YNode value, Type valueType, boolean fromEnvironment, String path) {
        if (value.tag() == YTag.RESET) {
            return value;
        }
        if (Schema.raw(valueType) == String.class) {
            if (value instanceof YScalar s && s.isNull()) {
                if (!fromEnvironment) {
                    return YScalar.string("", s.mark());
                }
                // Unset stays null (no value), as docker compose config shows it.
                return environment.apply(key).map(v -> YScalar.string(v, s.mark()))
                        .orElse(new YScalar("", YScalar.Kind.NULL, s.mark(), YTag.NONE));
            }
            if (!(value instanceof YScalar)) {
                return expected(value, path, "a string, a number or a boolean");
            }
        }
        return value(value, valueType, null, path);
    }
}
