package dev.kstack.cli;

import dev.kstack.compose.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code config}, {@code convert} and {@code deploy} find and load the compose files, as {@code docker compose}
 * does: files ({@code -f}, or {@code -c} as {@code docker stack deploy} spells it), project name, profiles and env
 * files. Without {@code -f} the loader looks for {@code compose.yaml} (and its variants) in the current folder.
 */
final class ComposeOptions {
    @Option(names = {"-f", "-c", "--file", "--compose-file"}, paramLabel = "FILE",
            description = "Compose file (repeatable; later files override earlier ones).")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
            description = "Compose project name (default: the folder's name, or the top-level name:).")
    String projectName = "";

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Compose profile to enable (repeatable).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Env file used instead of .env (repeatable).")
    List<Path> envFiles = new ArrayList<>();

    /** The project's folder, as the loader takes it: the first file's, else the current folder. */
    Path projectDir() {
        Path cwd = Path.of("").toAbsolutePath();
        return files.isEmpty() ? cwd : cwd.resolve(files.get(0)).normalize().getParent();
    }

    /** The loader's options: relative paths from the current folder, variables from this process's environment. */
    LoadOptions loadOptions() {
        return LoadOptions.of(Path.of("").toAbsolutePath(), System.getenv())
                .withFiles(files).withProjectName(projectName).withProfiles(profiles).withEnvFiles(envFiles);
    }
}
