package dev.kstack.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label and field selectors in the syntax of the Kubernetes API ({@code labelSelector}, {@code fieldSelector}).
 * Labels: {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k},
 * {@code !k}, joined by commas (all must hold). Fields: {@code f=v}, {@code f==v}, {@code f!=v} over the fields
 * {@link #FIELDS} (a Stack can be selected by {@code metadata.name}, {@code metadata.namespace} and
 * {@code status.phase}).
 */
public final class Selectors {
    public static final Set<String> FIELDS = Set.of("metadata.name", "metadata.namespace", "status.phase");
    private static final Pattern SET = Pattern.compile("\\s*([^\\s!=,()]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
    private static final Pattern COMPARE = Pattern.compile("\\s*([^\\s!=,()]+)\\s*(==|!=|=)\\s*([^\\s!=,()]*)\\s*");
    private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*([^\\s!=,()]+)\\s*");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private Selectors() {
    }

    /** A label selector; the empty or null selector matches everything. */
    public static Predicate<Map<String, String>> labels(String selector) {
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        for (String part : split(selector == null ? "" : selector)) {
            requirements.add(labelRequirement(part));
        }
        return labels -> requirements.stream().allMatch(r -> r.test(labels));
    }

    /** A field selector over the values of {@link #FIELDS}; unknown fields are a bad request. */
    public static Predicate<Map<String, String>> fields(String selector) {
        List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
        for (String part : split(selector == null ? "" : selector)) {
            Matcher m = COMPARE.matcher(part);
            if (!m.matches()) {
                throw ApiException.badRequest("invalid field selector \"" + part + "\"");
            }
            String field = m.group(1);
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("field label not supported: " + field);
            }
            String value = m.group(3);
            boolean equal = !m.group(2).equals("!=");
            requirements.add(fields -> value.equals(fields.getOrDefault(field, "")) == equal);
        }
        return fields -> requirements.stream().allMatch(r -> r.test(fields));
    }

    private static Predicate<Map<String, String>> labelRequirement(String part) {
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            String key = key(set.group(1));
            Set<String> values = new java.util.HashSet<>();
            for (String v : set.group(3).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            boolean in = set.group(2).equals("in");
            return labels -> in ? values.contains(labels.get(key))
                    : !labels.containsKey(key) || !values.contains(labels.get(key));
        }
        Matcher compare = COMPARE.matcher(part);
        if (compare.matches()) {
            String key = key(compare.group(1));
            String value = compare.group(3);
            boolean equal = !compare.group(2).equals("!=");
            return labels -> equal ? value.equals(labels.get(key)) : !value.equals(labels.get(key));
        }
        Matcher exists = EXISTS.matcher(part);
        if (exists.matches()) {
            String key = key(exists.group(2));
            boolean negated = !exists.group(1).isEmpty();
            return labels -> labels.containsKey(key) != negated;
        }
        throw ApiException.badRequest("unable to parse requirement: \"" + part.trim() + "\"");
    }

    private static String key(String key) {
        if (!LABEL_KEY.matcher(key).matches()) {
            throw ApiException.badRequest("invalid label key \"" + key + "\"");
        }
        return key;
    }

    /** Splits on the commas that are not inside parentheses; blank parts are dropped. */
    private static List<String> split(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }
}
