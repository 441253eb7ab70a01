package dev.kstack.compose.internal;

import dev.kstack.compose.model.Default;
import dev.kstack.compose.model.Matches;
import dev.kstack.compose.model.OneOf;
import dev.kstack.compose.model.Syntax;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What the model records say about the compose syntax: one {@link Attribute} per record component, named
 * in snake_case. Reading, normalizing and writing are all driven by this, so the model is the schema.
 */
public final class Schema {
    private static final Map<Class<?>, RecordInfo> CACHE = new ConcurrentHashMap<>();

    private Schema() {
    }

    /** One attribute of a record: its YAML key, Java type and syntax annotations. */
    public record Attribute(String key, RecordComponent component, Type type, Optional<Syntax.Form> form,
                            Optional<String> defaultValue, List<String> oneOf, Map<String, String> aliases,
                            Optional<Pattern> pattern, String patternExpected) {
        public boolean is(Syntax.Form f) {
            return form.isPresent() && form.get() == f;
        }

        /** Neither optional, nor a collection, nor filled in by the loader: the YAML must give it. */
        public boolean required() {
            Class<?> raw = raw(type);
            return defaultValue.isEmpty() && form.isEmpty()
                    && raw != Optional.class && raw != List.class && raw != Map.class;
        }
    }

    /** The attributes of one record class and how to construct it. */
    public record RecordInfo(Class<?> type, List<Attribute> attributes, Map<String, Attribute> byKey,
                             Constructor<?> constructor, Optional<Attribute> extensions) {
        /** The attributes that get a default or must be present: the only ones to look at when absent. */
        public List<Attribute> defaultedOrRequired() {
            return attributes.stream().filter(a -> a.defaultValue().isPresent() || a.required()).toList();
        }
    }

    public static RecordInfo of(Class<?> recordClass) {
        return CACHE.computeIfAbsent(recordClass, Schema::inspect);
    }

    private static RecordInfo inspect(Class<?> c) {
        if (!c.isRecord()) {
            throw new IllegalArgumentException(c + " is not a record");
        }
        List<Attribute> attributes = new ArrayList<>();
        Map<String, Attribute> byKey = new LinkedHashMap<>();
        Attribute extensions = null;
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            types[i] = rc.getType();
            Syntax syntax = rc.getAnnotation(Syntax.class);
            Default def = rc.getAnnotation(Default.class);
            OneOf oneOf = rc.getAnnotation(OneOf.class);
            Matches matches = rc.getAnnotation(Matches.class);
            Attribute a = new Attribute(snake(rc.getName()), rc, rc.getGenericType(),
                    Optional.ofNullable(syntax).map(Syntax::value),
                    Optional.ofNullable(def).map(Default::value),
                    oneOf == null ? List.of() : List.of(oneOf.value()),
                    oneOf == null ? Map.of() : aliases(oneOf.aliases()),
                    Optional.ofNullable(matches).map(m -> Pattern.compile(m.value())),
                    matches == null ? "" : matches.expected());
            attributes.add(a);
            if (a.is(Syntax.Form.EXTENSIONS)) {
                extensions = a;
            } else if (!a.is(Syntax.Form.MAP_KEY) && !a.is(Syntax.Form.LOADER)) {
                byKey.put(a.key(), a);
            }
        }
        try {
            Constructor<?> ctor = c.getDeclaredConstructor(types);
            return new RecordInfo(c, List.copyOf(attributes), Map.copyOf(byKey), ctor, Optional.ofNullable(extensions));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> aliases(String[] pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            out.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return Map.copyOf(out);
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    public static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        return (Class<?>) ((ParameterizedType) t).getRawType();
    }

    /** The n-th type argument of a parameterized type. */
    public static Type arg(Type t, int n) {
        return ((ParameterizedType) t).getActualTypeArguments()[n];
    }
}
