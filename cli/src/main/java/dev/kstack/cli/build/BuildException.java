package dev.kstack.cli.build;

/** A build that cannot start or did not succeed; the message is for the user, the exit code says which. */
public final class BuildException extends Exception {
    /** What went wrong. */
    public enum Kind {
        /** The compose files or the options ask for what cannot be built (exit 2). */
        USAGE,
        /** No builder is usable, or a build or push failed (exit 1). */
        FAILED
    }

    private final Kind kind;

    public BuildException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
