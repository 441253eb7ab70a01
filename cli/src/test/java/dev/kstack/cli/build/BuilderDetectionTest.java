package dev.kstack.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which builder is picked from what the machine offers (a fake probe: no process runs). */
class BuilderDetectionTest {
    /** A machine with these executables, this default socket, and a docker daemon that answers or not. */
    record Machine(Set<String> executables, boolean defaultSocket, boolean daemonAnswers)
            implements BuilderDetection.Probe {
        @Override
        public Optional<Path> executable(String name) {
            return executables.contains(name) ? Optional.of(Path.of("/usr/bin", name)) : Optional.empty();
        }

        @Override
        public boolean exists(Path path) {
            return defaultSocket && path.equals(BuilderDetection.DEFAULT_DOCKER_SOCKET);
        }

        @Override
        public BuilderDetection.DaemonAnswer dockerDaemon(Path docker, Map<String, String> environment) {
            return daemonAnswers ? BuilderDetection.DaemonAnswer.version("20.10.24")
                    : BuilderDetection.DaemonAnswer.none("Cannot connect to the Docker daemon");
        }
    }

    static Machine machine(String executables, boolean socket, boolean answers) {
        return new Machine(executables.isEmpty() ? Set.of() : Set.of(executables.split(" ")), socket, answers);
    }

    @ParameterizedTest(name = "[{index}] {0}, socket={1}, DOCKER_HOST={2}, answers={3}, forced={4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "docker buildah podman | true  |                    | true  | -       | DOCKER",
        "docker buildah podman | false | unix:///run/d.sock  | true  | -       | DOCKER",
        "docker buildah podman | false |                    | true  | -       | BUILDAH",
        "docker buildah podman | true  |                    | false | -       | BUILDAH",
        "docker podman         | true  |                    | false | -       | PODMAN",
        "podman                | true  |                    | true  | -       | PODMAN",
        "docker buildah podman | true  |                    | true  | PODMAN  | PODMAN",
        "docker buildah podman | true  |                    | true  | BUILDAH | BUILDAH",
    })
    void picksTheFirstUsableBuilder(String exes, boolean socket, String dockerHost, boolean answers, Builder forced,
            Builder expected) throws Exception {
        Map<String, String> env = dockerHost == null ? Map.of() : Map.of("DOCKER_HOST", dockerHost);
        BuilderDetection.Detected d = BuilderDetection.detect(Optional.ofNullable(forced),
                machine(exes, socket, answers), env);
        assertThat(d.builder()).isEqualTo(expected);
        assertThat(d.executable()).isEqualTo(Path.of("/usr/bin", expected.command()));
    }

    @ParameterizedTest
    @CsvSource({"true, unix:///run/kstack-node/docker.sock", "false, unix:///var/run/docker.sock"})
    void sayingDockerNamesItsDaemon(boolean withHost, String daemon) throws Exception {
        Map<String, String> env = withHost ? Map.of("DOCKER_HOST", daemon) : Map.of();
        assertThat(BuilderDetection.detect(Optional.empty(), machine("docker", true, true), env).description())
                .isEqualTo("docker (/usr/bin/docker, daemon 20.10.24 at " + daemon + ")");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "nothing at all | - | false | false | - | no image builder is usable (tried docker, buildah, podman): docker: not"
            + " found on the PATH; buildah: not found on the PATH; podman: not found on the PATH",
        "docker without a daemon | docker | false | false | - | no image builder is usable (tried docker, buildah,"
            + " podman): docker: no daemon (DOCKER_HOST is not set and /var/run/docker.sock does not exist); buildah:"
            + " not found on the PATH; podman: not found on the PATH",
        "docker whose daemon does not answer, forced | docker buildah | true | false | DOCKER | the builder docker"
            + " (--builder) is not usable: docker: the daemon at unix:///var/run/docker.sock does not answer: Cannot"
            + " connect to the Docker daemon",
        "podman forced, absent | docker buildah | true | true | PODMAN | the builder podman (--builder) is not usable:"
            + " podman: not found on the PATH",
    })
    void noUsableBuilderIsAClearError(String what, String exes, boolean socket, boolean answers, Builder forced,
            String message) {
        assertThatThrownBy(() -> BuilderDetection.detect(Optional.ofNullable(forced),
                machine(exes == null ? "" : exes, socket, answers), Map.of()))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.kind()).isEqualTo(BuildException.Kind.FAILED);
                });
    }
}
