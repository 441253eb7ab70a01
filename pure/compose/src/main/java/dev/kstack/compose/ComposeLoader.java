package dev.kstack.compose;

import dev.kstack.compose.internal.ProjectAssembler;

/**
 * Loads compose files into a {@link ComposeProject}: parse, interpolate, normalize, merge, resolve
 * {@code extends} and {@code include}, apply profiles, validate. Pure apart from reading the files it is given.
 */
public final class ComposeLoader {
    private ComposeLoader() {
    }

    /**
     * Loads the files of {@code options} (or {@code COMPOSE_FILE}, or the default file names).
     *
     * @throws ComposeException with every problem found, each with file, line, column and path
     */
    public static LoadResult load(LoadOptions options) throws ComposeException {
        return new ProjectAssembler(options).load();
    }

    /**
     * Loads compose text held in memory (a Stack's {@code composeFile}); {@code name} names it in diagnostics.
     * {@code options.files()} is ignored; relative paths are relative to {@code options.workingDir()}.
     */
    public static LoadResult loadText(String name, String yaml, LoadOptions options) throws ComposeException {
        return new ProjectAssembler(options).loadText(name, yaml);
    }
}
