package dev.kstack.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kstack components run as background processes of this machine ({@code install --run-local}): each one is this
 * same program ({@code java -cp <this classpath> dev.kstack.cli.Main <command>}), with no terminal input, its output
 * in {@code <dir>/<name>.log} and its pid in {@code <dir>/<name>.pid}; it outlives the command that started it.
 */
final class LocalProcesses {
    static final String MAIN_CLASS = "dev.kstack.cli.Main";
    /** First on the command line (which the JDK reads only up to 4 KiB): tells a kstack process by its pid. */
    private static final String MARKER = "-Dkstack.run-local.component=";
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private final Path dir;

    LocalProcesses(Path dir) {
        this.dir = dir;
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** The running process of that name, if its pid file names a live kstack process. */
    Optional<ProcessHandle> running(String name) {
        Path pidFile = dir.resolve(name + ".pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(LocalProcesses::isKstack);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts {@code kstack <args>} in the background with extra environment variables; returns its pid. */
    ProcessHandle start(String name, List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(List.of(MARKER + name, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", System.getProperty("java.class.path"),
                MAIN_CLASS));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        try {
            Files.createDirectories(dir);
            Process p = pb.start();
            Files.writeString(dir.resolve(name + ".pid"), p.pid() + "\n", StandardCharsets.UTF_8);
            return p.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kstack " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops the process gracefully (SIGTERM, then SIGKILL after a grace period); true when one was running. */
    boolean stop(String name) {
        Optional<ProcessHandle> p = running(name);
        p.ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.isPresent();
    }

    /** The last lines of a component's log, for an error message. */
    String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(log(name));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static boolean isKstack(ProcessHandle h) {
        return h.info().commandLine().map(c -> c.contains(MARKER)).orElse(false);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
