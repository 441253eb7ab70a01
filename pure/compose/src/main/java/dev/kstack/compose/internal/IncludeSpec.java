package dev.kstack.compose.internal;

import dev.kstack.compose.model.Syntax;
import dev.kstack.compose.model.Syntax.Form;
import java.util.List;
import java.util.Optional;

/** One {@code include} entry; a plain string is a single path. Consumed by the loader, not part of the model. */
public record IncludeSpec(
        @Syntax(Form.SINGLE_OR_LIST) List<String> path,
        Optional<String> projectDirectory,
        @Syntax(Form.SINGLE_OR_LIST) List<String> envFile) {
}
