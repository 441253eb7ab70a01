package dev.kstack.compose;

/**
 * One problem found while loading, in the form a compiler reports it:
 * {@code FILE:LINE:COL: PATH: MESSAGE}.
 *
 * @param file    the file as the user named it (or the name given to {@link ComposeLoader#loadText})
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param path    the place in the document, for example {@code services.web.ports[0]}; empty for syntax errors
 * @param message what is wrong and what was expected
 */
public record Diagnostic(String file, int line, int column, String path, String message) {

    /** The one-line form: {@code FILE:LINE:COL: PATH: MESSAGE} (the path is left out when empty). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
