package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose options shared by config, convert and deploy (files, project name, profiles, env files), and the exit
 * codes of {@code kstack config}: 0 valid, 1 the files do not load, 2 bad usage.
 */
class ComposeOptionsTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theProjectFolderIsTheFirstFilesElseTheCurrentOne() {
        ComposeOptions options = new ComposeOptions();
        assertThat(options.projectDir()).isEqualTo(Path.of("").toAbsolutePath());
        options.files.add(dir.resolve("app/compose.yaml"));
        options.files.add(Path.of("other/override.yaml"));
        assertThat(options.projectDir()).isEqualTo(dir.resolve("app"));
        options.files.set(0, Path.of("sub/./compose.yaml"));
        assertThat(options.projectDir()).isEqualTo(Path.of("sub").toAbsolutePath());
    }

    @Test
    void fileProjectProfileAndEnvFileReachTheLoader() throws Exception {
        Path compose = write("compose.yaml", """
                services:
                  web:
                    image: "nginx:${TAG}"
                  debug:
                    image: busybox
                    profiles: [debug]
                """);
        Path env = write("prod.env", "TAG=1.27\n");

        Cli.Run plain = Cli.run("config", "-f", compose.toString(), "--env-file", env.toString(), "-p", "shop");
        Cli.Run withProfile = Cli.run("config", "-c", compose.toString(), "--env-file", env.toString(),
                "--project-name", "shop", "--profile", "debug");

        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("name: shop", "image: nginx:1.27").doesNotContain("busybox");
        assertThat(withProfile.exit()).as(withProfile.err()).isZero();
        assertThat(withProfile.out()).contains("name: shop", "image: nginx:1.27", "image: busybox");
    }

    @Test
    void convertTakesTheStackNameFromTheProjectName() throws Exception {
        Path compose = write("compose.yaml", "services:\n  web:\n    image: nginx\n");

        Cli.Run r = Cli.run("convert", "--file", compose.toString(), "-p", "shop");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("com.docker.stack.namespace: shop");
    }

    @Test
    void configOfAValidFileIsExitZero() throws Exception {
        Path compose = write("compose.yaml", "services:\n  web:\n    image: nginx\n");

        Cli.Run r = Cli.run("config", "-f", compose.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void configOfAnInvalidFileIsExitOneWithFileLineAndColumn() throws Exception {
        Path compose = write("compose.yaml", "services:\n  web:\n    image: nginx\n    ports: [\"eighty\"]\n");

        Cli.Run r = Cli.run("config", "-f", compose.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith(compose + ":4:").contains("services.web.ports[0]");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void configOfAMissingFileIsExitOne() {
        Cli.Run r = Cli.run("config", "-f", dir.resolve("nope.yaml").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("nope.yaml");
    }

    @Test
    void configWithAnUnknownOptionOrFormatIsExitTwo() throws Exception {
        Path compose = write("compose.yaml", "services:\n  web:\n    image: nginx\n");

        Cli.Run unknown = Cli.run("config", "-f", compose.toString(), "--frobnicate");
        Cli.Run format = Cli.run("config", "-f", compose.toString(), "--format", "toml");

        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'");
        assertThat(format.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.err()).contains("--format");
    }

    @Test
    void deployWithoutAFileIsExitTwoBeforeAnyClusterIsAsked() {
        Cli.Run r = Cli.run("deploy", "--kubeconfig", dir.resolve("none").toString(), "hellokube");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--compose-file=FILE'").doesNotContain("kubeconfig");
    }
}
