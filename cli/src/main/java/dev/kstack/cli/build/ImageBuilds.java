package dev.kstack.cli.build;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link BuildPlan} with the detected builder: builds each image, pushes it, reads the pushed digest. A failure
 * names the service and shows the last lines of the builder's output.
 */
public final class ImageBuilds {
    /** How many of the builder's last output lines a failure shows. */
    static final int TAIL_LINES = 25;

    /** One built service: the tag it was pushed as, and the digest-pinned reference to deploy. */
    public record Built(String service, String pushed, String pinned) {
    }

    private ImageBuilds() {
    }

    /**
     * Builds and pushes every request, in order, printing one line per step to {@code out}.
     *
     * @return service name → pinned reference, in the plan's order
     * @throws BuildException (FAILED) at the first build or push that fails
     */
    public static Map<String, String> run(BuildPlan plan, BuilderDetection.Detected builder,
            Map<String, String> environment, PrintWriter out) throws BuildException {
        Map<String, String> pinned = new LinkedHashMap<>();
        for (BuildRequest r : plan.requests()) {
            Built b = one(r, builder, environment, out);
            pinned.put(b.service(), b.pinned());
        }
        return pinned;
    }

    private static Built one(BuildRequest r, BuilderDetection.Detected d, Map<String, String> environment,
            PrintWriter out) throws BuildException {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("kstack-build-");
            Optional<Path> inline = Optional.empty();
            if (r.dockerfileInline().isPresent()) {
                inline = Optional.of(Files.writeString(scratch.resolve("Dockerfile"), r.dockerfileInline().get()));
            }
            out.println("Building " + r.service() + " as " + r.tag());
            out.flush();
            run(r, "build", BuilderCommands.build(d.builder(), d.executable(), r, inline), environment);
            Path digestFile = scratch.resolve("digest");
            out.println("Pushing " + r.tag());
            out.flush();
            String pushOutput = run(r, "push", BuilderCommands.push(d.builder(), d.executable(), r, digestFile),
                    environment);
            String digestSource = d.builder() == Builder.DOCKER ? pushOutput
                    : Files.exists(digestFile) ? Files.readString(digestFile) : "";
            String digest = ImageRefs.digestIn(digestSource).orElseThrow(() -> new BuildException(
                    BuildException.Kind.FAILED, "service \"" + r.service() + "\": the push of " + r.tag()
                            + " printed no digest; its last lines:\n" + tail(pushOutput)));
            String pinned = ImageRefs.pinned(r.tag(), digest);
            out.println("Pushed " + r.service() + ": " + pinned);
            out.flush();
            return new Built(r.service(), r.tag(), pinned);
        } catch (IOException e) {
            throw new BuildException(BuildException.Kind.FAILED, "service \"" + r.service() + "\": " + e.getMessage());
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** Runs one step; its output (stdout and stderr together), or a failure with its last lines. */
    private static String run(BuildRequest r, String step, BuilderCommands.Invocation inv,
            Map<String, String> environment) throws BuildException, IOException {
        ProcessBuilder pb = new ProcessBuilder(inv.command()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.environment().putAll(inv.environment());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildException(BuildException.Kind.FAILED, "service \"" + r.service() + "\": interrupted");
        }
        if (p.exitValue() != 0) {
            throw new BuildException(BuildException.Kind.FAILED, "service \"" + r.service() + "\": " + step
                    + " failed (" + Path.of(inv.command().get(0)).getFileName() + " exited with " + p.exitValue()
                    + "); its last lines:\n" + tail(output));
        }
        return output;
    }

    /** The last {@link #TAIL_LINES} lines, indented. */
    static String tail(String output) {
        List<String> lines = output.lines().toList();
        List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        if (last.isEmpty()) {
            return "  (no output)";
        }
        return String.join("\n", last.stream().map(l -> "  " + l).toList());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    /** The machine as it is: the PATH, the file system, and {@code docker version} with a time limit. */
    public static BuilderDetection.Probe systemProbe() {
        return new BuilderDetection.Probe() {
            @Override
            public Optional<Path> executable(String name) {
                String path = System.getenv().getOrDefault("PATH", "");
                for (String dir : path.split(File.pathSeparator)) {
                    if (dir.isEmpty()) {
                        continue;
                    }
                    Path f = Path.of(dir, name);
                    if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                        return Optional.of(f);
                    }
                }
                return Optional.empty();
            }

            @Override
            public boolean exists(Path path) {
                return Files.exists(path);
            }

            @Override
            public BuilderDetection.DaemonAnswer dockerDaemon(Path docker, Map<String, String> environment) {
                try {
                    ProcessBuilder pb = new ProcessBuilder(docker.toString(), "version", "--format",
                            "{{.Server.Version}}").redirectErrorStream(true)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                    pb.environment().clear();
                    pb.environment().putAll(environment);
                    Process p = pb.start();
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return BuilderDetection.DaemonAnswer.none("no answer within 20 s");
                    }
                    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    List<String> lines = text.lines().toList();
                    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
                    return p.exitValue() == 0 && !last.isEmpty() ? BuilderDetection.DaemonAnswer.version(last)
                            : BuilderDetection.DaemonAnswer.none(last.isEmpty() ? "exit " + p.exitValue() : last);
                } catch (IOException e) {
                    return BuilderDetection.DaemonAnswer.none(e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return BuilderDetection.DaemonAnswer.none("interrupted");
                }
            }
        };
    }
}
