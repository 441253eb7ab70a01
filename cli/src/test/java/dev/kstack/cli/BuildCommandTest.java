package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kstack build} and {@code kstack deploy --build}: what is refused before any builder or cluster is asked. */
class BuildCommandTest {
    @TempDir
    Path dir;

    Path compose(String yaml) throws Exception {
        return Files.writeString(dir.resolve("compose.yaml"), yaml);
    }

    @Test
    void anImageWithoutRegistryIsAUsageError() throws Exception {
        Path f = compose("name: shop\nservices:\n  web: {build: .}\n  db: {image: redis}\n");

        Cli.Run r = Cli.run("build", "-f", f.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("error: service \"web\": no registry to push the image \"shop-web\" to (give"
                + " --registry, or x-kubernetes.registry at the top of the compose file)\n");
    }

    @Test
    void aNamedServiceMustExistAndHaveABuildSection() throws Exception {
        Path f = compose("name: shop\nservices:\n  web: {build: .}\n  db: {image: redis}\n");

        Cli.Run r = Cli.run("build", "-f", f.toString(), "--registry", "r:5000", "db", "nope");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("service \"db\": has no build section", "service \"nope\": no such service");
    }

    @Test
    void nothingToBuildIsSaid() throws Exception {
        Path f = compose("services:\n  db: {image: redis}\n");

        Cli.Run r = Cli.run("build", "-f", f.toString(), "--registry", "r:5000");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("No service has a build section\n");
    }

    @Test
    void anUnknownBuilderIsAUsageError() throws Exception {
        Path f = compose("services:\n  web: {build: .}\n");

        Cli.Run r = Cli.run("build", "-f", f.toString(), "--builder", "kaniko");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--builder", "kaniko", "DOCKER, BUILDAH, PODMAN");
    }

    @Test
    void deployTakesRegistryAndBuilderOnlyWithBuild() throws Exception {
        Path f = compose("services:\n  web: {build: .}\n");

        Cli.Run r = Cli.run("deploy", "-c", f.toString(), "--registry", "r:5000", "shop");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--registry and --builder need --build");
    }
}
