package dev.kstack.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/** Reads and writes the Stack wire types as JSON. Unknown fields are rejected unless asked otherwise. */
public final class StackJson {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StackJson() {
    }

    /** The mapper that rejects unknown fields (for admission). */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** The mapper that ignores unknown fields (for reading what a newer kstack wrote). */
    public static ObjectMapper lenient() {
        return LENIENT;
    }

    public static String write(Object value) {
        try {
            return STRICT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return STRICT.valueToTree(value);
    }

    /** Parses JSON into the type; a field the type does not know is an error. */
    public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return STRICT.readValue(json, type);
    }
}
