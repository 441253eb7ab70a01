package dev.kstack.cli.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the builder: docker when its CLI is on the PATH and its daemon answers ({@code DOCKER_HOST}, or the default
 * socket {@code /var/run/docker.sock}), else buildah, else podman; {@code --builder} forces one. What the machine has
 * is asked through a {@link Probe}, so that the choice is a pure function of it.
 */
public final class BuilderDetection {
    /** The default Docker daemon socket. */
    public static final Path DEFAULT_DOCKER_SOCKET = Path.of("/var/run/docker.sock");

    /** What the machine offers. */
    public interface Probe {
        /** The executable of that name on the PATH. */
        Optional<Path> executable(String name);

        /** Whether a file (a socket) exists. */
        boolean exists(Path path);

        /** The daemon's version as {@code docker version} prints it, or why it did not answer. */
        DaemonAnswer dockerDaemon(Path docker, Map<String, String> environment);
    }

    /** A daemon's answer: its version, or the reason there was none. */
    public record DaemonAnswer(Optional<String> version, String problem) {
        public static DaemonAnswer version(String v) {
            return new DaemonAnswer(Optional.of(v), "");
        }

        public static DaemonAnswer none(String problem) {
            return new DaemonAnswer(Optional.empty(), problem);
        }
    }

    /** The builder picked, its executable, and a sentence saying why (printed to the user). */
    public record Detected(Builder builder, Path executable, String description) {
    }

    private BuilderDetection() {
    }

    /**
     * Detects the builder.
     *
     * @param forced {@code --builder}, if given
     * @throws BuildException (FAILED) naming what was tried and why each one is unusable
     */
    public static Detected detect(Optional<Builder> forced, Probe probe, Map<String, String> environment)
            throws BuildException {
        List<String> tried = new ArrayList<>();
        for (Builder b : forced.map(List::of).orElse(List.of(Builder.values()))) {
            Optional<Path> exe = probe.executable(b.command());
            if (exe.isEmpty()) {
                tried.add(b.command() + ": not found on the PATH");
                continue;
            }
            if (b != Builder.DOCKER) {
                return new Detected(b, exe.get(), b.command() + " (" + exe.get() + ")");
            }
            String host = environment.getOrDefault("DOCKER_HOST", "");
            if (host.isEmpty() && !probe.exists(DEFAULT_DOCKER_SOCKET)) {
                tried.add("docker: no daemon (DOCKER_HOST is not set and " + DEFAULT_DOCKER_SOCKET + " does not exist)");
                continue;
            }
            String daemon = host.isEmpty() ? "unix://" + DEFAULT_DOCKER_SOCKET : host;
            DaemonAnswer answer = probe.dockerDaemon(exe.get(), environment);
            if (answer.version().isEmpty()) {
                tried.add("docker: the daemon at " + daemon + " does not answer: " + answer.problem());
                continue;
            }
            return new Detected(b, exe.get(), "docker (" + exe.get() + ", daemon " + answer.version().get() + " at "
                    + daemon + ")");
        }
        String asked = forced.map(b -> "the builder " + b.command() + " (--builder) is not usable: ")
                .orElse("no image builder is usable (tried docker, buildah, podman): ");
        throw new BuildException(BuildException.Kind.FAILED, asked + String.join("; ", tried));
    }
}
