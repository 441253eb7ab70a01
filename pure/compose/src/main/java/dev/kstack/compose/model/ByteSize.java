package dev.kstack.compose.model;

/**
 * An amount of memory or storage in bytes, read from {@code 512m}, {@code 1gb}, {@code 2048} and the like
 * (binary multiples: k = 1024). {@code -1} means unlimited where the specification allows it.
 */
public record ByteSize(long bytes) {
}
