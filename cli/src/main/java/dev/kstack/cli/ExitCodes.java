package dev.kstack.cli;

/** The exit codes of every kstack command. */
public final class ExitCodes {
    /** The command did what was asked (for deploy: the stack is stable). */
    public static final int OK = 0;
    /** The command failed or timed out. */
    public static final int FAILURE = 1;
    /** Bad usage or invalid input (a compose file that does not load, an unknown option). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
