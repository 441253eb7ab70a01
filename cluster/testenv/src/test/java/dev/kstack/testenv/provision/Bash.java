package dev.kstack.testenv.provision;

import dev.kstack.testenv.ControlPlaneBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a bash script of the project (or a few lines of bash) and keeps its exit code, stdout and stderr apart. */
record Bash(int exit, String out, String err) {
    static final Path ROOT = ControlPlaneBinaries.projectRoot();

    /** {@code bash -c script} in the project's root, with {@code env} added to this JVM's environment. */
    static Bash run(String script, Map<String, String> env) throws IOException, InterruptedException {
        return run(List.of("bash", "-c", script), env);
    }

    static Bash run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kstack-bash", ".out");
        Path err = Files.createTempFile("kstack-bash", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not end within 20 minutes");
            }
            return new Bash(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
