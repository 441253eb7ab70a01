package dev.kstack.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kstack.compose.internal.TreeWriter;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a normalized project as compose YAML or JSON, the way {@code docker compose config} prints it.
 * The output loads again to an equal project ({@code $} is written as {@code $$}).
 */
public final class ProjectWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Output formats. */
    public enum Format { YAML, JSON }

    private ProjectWriter() {
    }

    public static String write(ComposeProject project, Format format) {
        return format == Format.JSON ? toJson(project) : toYaml(project);
    }

    public static String toYaml(ComposeProject project) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema())
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(Integer.MAX_VALUE)
                .build();
        return new Dump(settings).dumpToString(TreeWriter.write(project));
    }

    public static String toJson(ComposeProject project) {
        try {
            return JSON.writeValueAsString(TreeWriter.write(project)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
