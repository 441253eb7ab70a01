package dev.kstack.compose.yaml;

/**
 * Bounds on what a compose file may cost to read, so that hostile input fails fast with a clear error.
 *
 * @param maxBytes  largest file accepted, in bytes (UTF-8 characters when loading text)
 * @param maxDepth  deepest nesting of mappings and sequences
 * @param maxNodes  most nodes after expanding aliases and merge keys (stops alias bombs)
 */
public record Limits(long maxBytes, int maxDepth, int maxNodes) {
    /** 8 MiB, 40 levels, one million nodes: far above any real compose file. */
    public static final Limits DEFAULT = new Limits(8L * 1024 * 1024, 40, 1_000_000);
}
