package dev.kstack.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;

/** How list commands print: {@code -o table} (default), {@code json} or {@code yaml}. */
enum OutputFormat {
    TABLE, JSON, YAML;

    String render(Table table) {
        try {
            return switch (this) {
                case TABLE -> table.render();
                case JSON -> Mappers.JSON.writeValueAsString(table.records()) + "\n";
                case YAML -> Mappers.YAML.writeValueAsString(table.records());
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Built on first use: picocli reads this enum's values while parsing, long before anything is printed. */
    private static final class Mappers {
        static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }
}
