package dev.kstack.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the kstack command line as a user would, with its output captured. */
final class Cli {
    record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    /** Runs the way {@link Main} does: only the subcommand the arguments name is built. */
    static Run run(String... args) {
        return run(KstackCommand.commandLine(args), args);
    }

    private static Run run(CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
