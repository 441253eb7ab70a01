package dev.kstack.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * Runs {@code bin/kstack ARGS...} as its own process, with no terminal and its output in files under {@code dir}:
     * for what needs the process's own standard streams ({@code exec} streams the container's bytes to them).
     */
    static Run binary(Path dir, String... args) throws IOException, InterruptedException {
        return binary(dir, java.util.Map.of(), java.time.Duration.ofMinutes(2), args);
    }

    /** As {@link #binary(Path, String...)}, with variables added to its environment and a time limit. */
    static Run binary(Path dir, java.util.Map<String, String> environment, java.time.Duration limit, String... args)
            throws IOException, InterruptedException {
        Path kstack = Path.of(System.getProperty("kstack.root", "..")).resolve("bin/kstack").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(kstack.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within " + limit + "; stderr: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
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
