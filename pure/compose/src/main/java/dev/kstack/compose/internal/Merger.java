package dev.kstack.compose.internal;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YSeq;
import dev.kstack.compose.yaml.YTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges normalized trees with the specification's rules: mappings merge, sequences append (without
 * repeating equal scalars), {@code command}, {@code entrypoint} and {@code healthcheck.test} are replaced, and
 * {@code ports}, {@code volumes}, {@code secrets}, {@code configs} and {@code devices} are merged by their unique
 * key. {@code !override} replaces, {@code !reset} removes.
 */
public final class Merger {
    private static final Set<String> REPLACED = Set.of("command", "entrypoint");
    private static final Map<String, Function<YMap, String>> UNIQUE_KEY = Map.of(
            "ports", m -> text(m, "host_ip") + "|" + text(m, "published") + "|" + text(m, "target") + "|" + text(m, "protocol"),
            "volumes", m -> text(m, "target"),
            "devices", m -> text(m, "target"),
            "secrets", m -> m.has("target") ? text(m, "target") : text(m, "source"),
            "configs", m -> m.has("target") ? text(m, "target") : text(m, "source"));

    private Merger() {
    }

    private static String text(YMap m, String key) {
        return m.get(key).map(n -> n instanceof YScalar s ? s.text() : "").orElse("");
    }

    /** Merges two top-level documents; {@code override} wins. */
    public static YMap project(YMap base, YMap override) {
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>(base.entries());
        for (YMap.Entry e : override.entries().values()) {
            String key = e.key().text();
            YMap.Entry old = out.get(key);
            if (e.value().tag() == YTag.RESET) {
                out.remove(key);
            } else if (old == null || e.value().tag() == YTag.OVERRIDE) {
                out.put(key, e);
            } else if (key.equals("services") && old.value() instanceof YMap b && e.value() instanceof YMap o) {
                out.put(key, new YMap.Entry(old.key(), mapOf(b, o, Merger::service)));
            } else {
                out.put(key, new YMap.Entry(old.key(), generic(old.value(), e.value())));
            }
        }
        return YMap.owning(out, base.mark(), base.tag());
    }

    /** Merges one service onto another (several files, or {@code extends}); {@code override} wins. */
    public static YNode service(YNode base, YNode override) {
        if (!(base instanceof YMap b) || !(override instanceof YMap o) || override.tag() == YTag.OVERRIDE) {
            return override;
        }
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>(b.entries());
        for (YMap.Entry e : o.entries().values()) {
            String key = e.key().text();
            YMap.Entry old = out.get(key);
            if (e.value().tag() == YTag.RESET) {
                out.remove(key);
                continue;
            }
            if (old == null || e.value().tag() == YTag.OVERRIDE || REPLACED.contains(key)) {
                out.put(key, e);
                continue;
            }
            YNode merged;
            if (key.equals("healthcheck") && old.value() instanceof YMap hb && e.value() instanceof YMap ho) {
                merged = healthcheck(hb, ho);
            } else if (UNIQUE_KEY.containsKey(key) && old.value() instanceof YSeq sb && e.value() instanceof YSeq so) {
                merged = unique(sb, so, UNIQUE_KEY.get(key));
            } else {
                merged = generic(old.value(), e.value());
            }
            out.put(key, new YMap.Entry(old.key(), merged));
        }
        return YMap.owning(out, b.mark(), b.tag());
    }

    private static YNode healthcheck(YMap base, YMap override) {
        YMap merged = (YMap) generic(base.without("test"), override.without("test"));
        Optional<YNode> test = override.get("test").or(() -> base.get("test"));
        return test.filter(t -> t.tag() != YTag.RESET).map(t -> (YNode) merged.with("test", t)).orElse(merged);
    }

    private static YNode unique(YSeq base, YSeq override, Function<YMap, String> keyOf) {
        LinkedHashMap<String, YNode> byKey = new LinkedHashMap<>();
        List<YNode> others = new ArrayList<>();
        for (YSeq seq : List.of(base, override)) {
            for (YNode item : seq.items()) {
                if (item instanceof YMap m) {
                    byKey.merge(keyOf.apply(m), m, Merger::generic);
                } else {
                    others.add(item);
                }
            }
        }
        List<YNode> items = new ArrayList<>(byKey.values());
        items.addAll(others);
        return new YSeq(items, base.mark(), base.tag());
    }

    /** Mapping: merge by key; sequence: append new items; anything else: the override. */
    public static YNode generic(YNode base, YNode override) {
        if (override.tag() == YTag.OVERRIDE) {
            return override;
        }
        if (base instanceof YMap b && override instanceof YMap o) {
            return mapOf(b, o, Merger::generic);
        }
        if (base instanceof YSeq b && override instanceof YSeq o) {
            List<YNode> items = new ArrayList<>(b.items());
            for (YNode n : o.items()) {
                if (!(n instanceof YScalar s && items.stream().anyMatch(x -> x instanceof YScalar xs && xs.text().equals(s.text())))) {
                    items.add(n);
                }
            }
            return new YSeq(items, b.mark(), b.tag());
        }
        return override;
    }

    private static YMap mapOf(YMap base, YMap override, java.util.function.BinaryOperator<YNode> valueMerge) {
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>(base.entries());
        for (YMap.Entry e : override.entries().values()) {
            String key = e.key().text();
            YMap.Entry old = out.get(key);
            if (e.value().tag() == YTag.RESET) {
                out.remove(key);
            } else if (old == null) {
                out.put(key, e);
            } else {
                out.put(key, new YMap.Entry(old.key(), valueMerge.apply(old.value(), e.value())));
            }
        }
        return YMap.owning(out, base.mark(), base.tag());
    }

    /** Removes what {@code !reset} left behind and forgets {@code !override}, once all merging is done. */
    public static YNode strip(YNode node) {
        if (node instanceof YMap m) {
            LinkedHashMap<String, YMap.Entry> out = m.tag() != YTag.NONE ? new LinkedHashMap<>() : null;
            int seen = 0;
            for (YMap.Entry e : m.entries().values()) {
                YNode v = e.value().tag() == YTag.RESET ? null : strip(e.value());
                if (out == null && v != e.value()) {
                    out = new LinkedHashMap<>();
                    int copied = 0;
                    for (YMap.Entry before : m.entries().values()) {
                        if (copied++ == seen) {
                            break;
                        }
                        out.put(before.key().text(), before);
                    }
                }
                if (out != null && v != null) {
                    out.put(e.key().text(), v == e.value() ? e : new YMap.Entry(e.key(), v));
                }
                seen++;
            }
            return out == null ? m : YMap.owning(out, m.mark(), YTag.NONE);
        }
        if (node instanceof YSeq s) {
            List<YNode> items = new ArrayList<>(s.items().size());
            boolean changed = s.tag() != YTag.NONE;
            for (YNode n : s.items()) {
                if (n.tag() == YTag.RESET) {
                    changed = true;
                    continue;
                }
                YNode v = strip(n);
                changed |= v != n;
                items.add(v);
            }
            return changed ? new YSeq(items, s.mark(), YTag.NONE) : s;
        }
        return node.tag() == YTag.NONE ? node : node.withTag(YTag.NONE);
    }
}
