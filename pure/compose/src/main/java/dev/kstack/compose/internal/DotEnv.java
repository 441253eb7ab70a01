package dev.kstack.compose.internal;

import dev.kstack.compose.yaml.Mark;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the dotenv format of {@code .env}, {@code --env-file} and a service's {@code env_file}: comments,
 * {@code export}, unquoted, single-quoted (literal) and double-quoted values (escapes, several lines),
 * and {@code ${VAR}} substitution in unquoted and double-quoted values (earlier lines first, then the environment).
 */
public final class DotEnv {
    private DotEnv() {
    }

    /** Parses {@code text}; problems carry {@code file} and the line. */
    public static Map<String, String> parse(String file, String text, Function<String, Optional<String>> environment,
                                            Problems problems) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        Function<String, Optional<String>> lookup = name -> out.containsKey(name)
                ? Optional.of(out.get(name)) : environment.apply(name);
        Interpolator interpolator = new Interpolator(lookup);
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                problems.add(new Mark(file, lineNo, 1), "", "invalid variable name \"" + key
                        + "\"; expected KEY=VALUE");
                continue;
            }
            if (eq < 0) {
                environment.apply(key).ifPresent(v -> out.put(key, v));
                continue;
            }
            String raw = line.substring(eq + 1).stripLeading();
            try {
                if (raw.startsWith("'") || raw.startsWith("\"")) {
                    char quote = raw.charAt(0);
                    StringBuilder value = new StringBuilder();
                    String rest = raw.substring(1);
                    int startLine = lineNo;
                    while (true) {
                        int close = closingQuote(rest, quote);
                        if (close >= 0) {
                            value.append(rest, 0, close);
                            break;
                        }
                        if (i + 1 >= lines.length) {
                            throw new Interpolator.TemplateException("unterminated " + (quote == '"' ? "double" : "single")
                                    + " quote in the value of " + key);
                        }
                        value.append(rest).append('\n');
                        rest = lines[++i];
                    }
                    if (quote == '\'') {
                        out.put(key, value.toString());
                    } else {
                        out.put(key, interpolator.expand(unescape(value.toString())));
                    }
                    lineNo = startLine;
                } else {
                    int comment = raw.indexOf(" #");
                    String v = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
                    out.put(key, interpolator.expand(v));
                }
            } catch (Interpolator.TemplateException e) {
                problems.add(new Mark(file, lineNo, eq + 2), "", e.getMessage());
            }
        }
        return out;
    }

    private static int closingQuote(String s, char quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '$' -> b.append("$$");
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
