package dev.kstack.compose.internal;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replaces {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}},
 * {@code ${VAR?error}}, {@code ${VAR:+alt}} and {@code ${VAR+alt}} in values (never in keys); {@code $$} stands
 * for a literal {@code $}. Defaults and alternatives may contain further substitutions.
 */
public final class Interpolator {
    private final Function<String, Optional<String>> lookup;

    public Interpolator(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** Why a template could not be expanded. */
    public static final class TemplateException extends Exception {
        private static final long serialVersionUID = 1L;

        TemplateException(String message) {
            super(message, null, false, false);
        }
    }

    /** Interpolates every scalar value of a tree; problems are reported with the scalar's position. */
    public YNode tree(YNode node, String path, Problems problems) {
        return tree(node, () -> path, problems);
    }

    /** The path is only built when a problem is reported. */
    private YNode tree(YNode node, java.util.function.Supplier<String> path, Problems problems) {
        if (node instanceof YMap m) {
            LinkedHashMap<String, YMap.Entry> out = null;
            for (YMap.Entry e : m.entries().values()) {
                YNode v = tree(e.value(), () -> Paths.child(path.get(), e.key().text()), problems);
                if (v != e.value() && out == null) {
                    out = new LinkedHashMap<>(m.entries());
                }
                if (out != null) {
                    out.put(e.key().text(), new YMap.Entry(e.key(), v));
                }
            }
            return out == null ? m : YMap.owning(out, m.mark(), m.tag());
        }
        if (node instanceof YSeq s) {
            List<YNode> out = new ArrayList<>(s.items().size());
            boolean changed = false;
            int i = 0;
            for (YNode item : s.items()) {
                int index = i++;
                YNode v = tree(item, () -> Paths.index(path.get(), index), problems);
                changed |= v != item;
                out.add(v);
            }
            return changed ? new YSeq(out, s.mark(), s.tag()) : s;
        }
        YScalar s = (YScalar) node;
        if (s.kind() != YScalar.Kind.STRING || s.text().indexOf('$') < 0) {
            return s;
        }
        try {
            return s.withText(expand(s.text()));
        } catch (TemplateException e) {
            problems.add(s.mark(), path.get(), e.getMessage());
            return s;
        }
    }

    /** Expands one string. */
    public String expand(String text) throws TemplateException {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = matchingBrace(text, i + 2);
                if (close < 0) {
                    throw new TemplateException("invalid interpolation \"" + text.substring(i) + "\": missing }");
                }
                out.append(braced(text.substring(i + 2, close)));
                i = close + 1;
            } else if (isNameStart(next)) {
                int end = i + 2;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                out.append(lookup.apply(text.substring(i + 1, end)).orElse(""));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String braced(String body) throws TemplateException {
        int end = 0;
        while (end < body.length() && isNamePart(body.charAt(end))) {
            end++;
        }
        String name = body.substring(0, end);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            throw new TemplateException("invalid interpolation \"${" + body + "}\": expected a variable name");
        }
        Optional<String> value = lookup.apply(name);
        if (end == body.length()) {
            return value.orElse("");
        }
        String rest = body.substring(end);
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
        String operand = rest.substring(op.length());
        boolean set = colon ? value.filter(v -> !v.isEmpty()).isPresent() : value.isPresent();
        switch (op) {
            case ":-", "-":
                return set ? value.get() : expand(operand);
            case ":+", "+":
                return set ? expand(operand) : "";
            case ":?", "?":
                if (set) {
                    return value.get();
                }
                String message = expand(operand);
                throw new TemplateException("required variable " + name + " is missing a value"
                        + (message.isEmpty() ? "" : ": " + message));
            default:
                throw new TemplateException("invalid interpolation \"${" + body + "}\": expected one of :- - :? ? :+ + after "
                        + name);
        }
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
