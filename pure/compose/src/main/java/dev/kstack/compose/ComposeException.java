package dev.kstack.compose;

import java.util.List;
import java.util.stream.Collectors;

/** The compose input does not load; {@link #diagnostics()} lists every problem found, in file order. */
public final class ComposeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public ComposeException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Never empty. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
