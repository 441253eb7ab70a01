package dev.kstack.compose.yaml;

/**
 * A YAML node with its position: the tree every stage before binding works on.
 * Aliases and merge keys are already expanded; values are immutable.
 */
public sealed interface YNode permits YMap, YSeq, YScalar {
    Mark mark();

    YTag tag();

    /** The same node with another tag. */
    YNode withTag(YTag tag);

    /** A word for error messages: "a mapping", "a sequence", "a string", ... */
    String describe();
}
