package dev.kstack.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The compose input does not load, or cannot be expressed on Kubernetes; {@link #diagnostics()} lists the problems
 * found, in file order: the first {@link #MAX_REPORTED} and, when there were more, a last line that counts the rest.
 */
public final class ComposeException extends Exception {
    /** How many diagnostics are reported; one more line then says how many were left out. */
    public static final int MAX_REPORTED = 20;
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public ComposeException(List<Diagnostic> diagnostics) {
        super(capped(diagnostics).stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = capped(diagnostics);
    }

    /** Never empty. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static List<Diagnostic> capped(List<Diagnostic> all) {
        if (all.size() <= MAX_REPORTED) {
            return List.copyOf(all);
        }
        List<Diagnostic> shown = new ArrayList<>(all.subList(0, MAX_REPORTED));
        shown.add(new Diagnostic(all.get(MAX_REPORTED).file(), 0, 0, "", (all.size() - MAX_REPORTED)
                + " more problems are not shown (the first " + MAX_REPORTED + " are above)"));
        return List.copyOf(shown);
    }
}
