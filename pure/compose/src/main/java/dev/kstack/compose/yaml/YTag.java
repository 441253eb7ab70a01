package dev.kstack.compose.yaml;

/** The compose-specific tags a node may carry; they steer merging of several files. */
public enum YTag {
    NONE,
    /** {@code !reset}: remove the value inherited from an earlier file or an extended service. */
    RESET,
    /** {@code !override}: replace the inherited value instead of merging with it. */
    OVERRIDE
}
