package dev.kstack.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One process of the local control plane, identified by its pid, by a marker (the cluster directory) that must
 * appear on its command line and by its start time ({@code startedMillis}, 0 when not recorded), so that a recycled pid
 * is never mistaken for ours.
 */
public record ManagedProcess(String name, long pid, String marker, long startedMillis) {

    /**
     * Starts {@code command} with its output appended to {@code log} and returns the child (whose exit code its
     * starter can read). A detached process gets a session of its own ({@code setsid}), so it outlives the command
     * that started it and ignores that terminal's signals.
     */
    static Process spawn(String name, List<String> command, Path log, boolean detached) {
        List<String> cmd = new ArrayList<>();
        if (detached) {
            cmd.add("setsid");
        }
        cmd.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "# " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
        }
    }

    /** The live process, if it is still ours. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> commandLine(h).contains(marker))
                .filter(h -> startedMillis == 0 || h.info().startInstant()
                        .map(t -> Math.abs(t.toEpochMilli() - startedMillis) < 1000).orElse(true));
    }

    /** The whole command line: /proc has it untruncated (the JDK's view may be cut short for long classpaths). */
    private static String commandLine(ProcessHandle h) {
        Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            return Files.readString(proc, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return h.info().commandLine().orElse("");
        }
    }

    public boolean isAlive() {
        return handle().isPresent();
    }

    /** Sends SIGTERM, waits up to {@code grace}, then SIGKILL. Returns whether the process had been running. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> h = handle();
        if (h.isEmpty()) {
            return false;
        }
        ProcessHandle p = h.get();
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            p.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }
}
