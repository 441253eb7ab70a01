package dev.kstack.cli;

/** Entry point of the {@code kstack} command (also run as the kubectl plugin {@code kubectl stack}). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 bad usage or input. */
    public static int run(String... args) {
        // The Stack API's newest version is an alpha version by name; the client should not warn about using it.
        System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
                "error");
        return KstackCommand.commandLine(args).execute(args);
    }
}
