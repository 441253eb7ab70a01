package dev.kstack.compose.model;

import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A service's reference to a top-level secret or config. The short form is the name alone.
 *
 * @param mode file mode, read from octal in YAML ({@code 0440}) as compose does
 */
public record FileReference(
        String source,
        Optional<String> target,
        Optional<String> uid,
        Optional<String> gid,
        Optional<Integer> mode,
        @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
}
