package dev.kstack.compose.yaml;

/** Where a node starts: the file name and the 1-based line and column. */
public record Mark(String file, int line, int column) {
    /** A mark for values that do not come from a file (defaults, command-line input). */
    public static Mark none(String file) {
        return new Mark(file, 0, 0);
    }
}
