package dev.kstack.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.LoadOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps and their failures, with a stand-in builder (a shell script that answers as the Docker CLI would): a
 * failure names the service and the step and shows the builder's last lines; a push's digest pins the reference.
 */
class ImageBuildsTest {
    static final String DIGEST = "sha256:" + "c".repeat(64);

    @TempDir
    Path dir;

    BuildPlan plan() throws Exception {
        return BuildPlan.of(ComposeLoader.loadText("compose.yaml", "name: shop\nservices:\n  web: {build: .}\n",
                LoadOptions.of(dir, Map.of())).project(), dir, "r:5000", List.of());
    }

    BuilderDetection.Detected fakeDocker(String script) throws Exception {
        Path exe = dir.resolve("docker");
        Files.writeString(exe, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new BuilderDetection.Detected(Builder.DOCKER, exe, "docker (fake)");
    }

    @Test
    void aPushedImageIsDeployedByItsDigest() throws Exception {
        var docker = fakeDocker("[ \"$1\" = push ] && echo \"latest: digest: " + DIGEST + " size: 735\"\nexit 0\n");
        StringWriter out = new StringWriter();

        Map<String, String> built = ImageBuilds.run(plan(), docker, System.getenv(), new PrintWriter(out));

        assertThat(built).containsExactly(Map.entry("web", "r:5000/shop-web@" + DIGEST));
        assertThat(out.toString()).contains("Building web as r:5000/shop-web", "Pushing r:5000/shop-web",
                "Pushed web: r:5000/shop-web@" + DIGEST);
    }

    @Test
    void aFailedBuildNamesTheServiceAndShowsTheBuildersLastLines() throws Exception {
        var docker = fakeDocker("i=1; while [ $i -le 40 ]; do echo \"step $i\"; i=$((i+1)); done\n"
                + "echo 'COPY failed: file not found in build context' >&2\nexit 1\n");

        assertThatThrownBy(() -> ImageBuilds.run(plan(), docker, System.getenv(), new PrintWriter(new StringWriter())))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BuildException.Kind.FAILED);
                    assertThat(e.getMessage()).startsWith("service \"web\": build failed (docker exited with 1);"
                            + " its last lines:\n  step 17\n").endsWith("  step 40\n  COPY failed: file not found in"
                            + " build context").doesNotContain("step 16\n");
                });
    }

    @Test
    void aPushWithoutDigestIsAnError() throws Exception {
        var docker = fakeDocker("[ \"$1\" = push ] && echo 'pushed, somehow'\nexit 0\n");

        assertThatThrownBy(() -> ImageBuilds.run(plan(), docker, System.getenv(), new PrintWriter(new StringWriter())))
                .hasMessage("service \"web\": the push of r:5000/shop-web printed no digest; its last lines:\n"
                        + "  pushed, somehow");
    }

    @Test
    void aFailedPushSaysSo() throws Exception {
        var docker = fakeDocker("[ \"$1\" = push ] && { echo 'connection refused' >&2; exit 1; }\nexit 0\n");

        assertThatThrownBy(() -> ImageBuilds.run(plan(), docker, System.getenv(), new PrintWriter(new StringWriter())))
                .hasMessage("service \"web\": push failed (docker exited with 1); its last lines:\n"
                        + "  connection refused");
    }
}
