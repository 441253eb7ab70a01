package dev.kstack.compose;

import dev.kstack.compose.yaml.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to load and with which environment. The loader reads nothing from the process: the caller passes
 * the environment (the CLI passes {@code System.getenv()}, the server an empty map).
 *
 * @param files       compose files in merge order; empty means {@code COMPOSE_FILE} or the default names
 *                    ({@code compose.yaml}, {@code compose.yml}, {@code docker-compose.yml}, {@code docker-compose.yaml})
 *                    in {@code workingDir}; relative paths are relative to {@code workingDir}
 * @param workingDir  where relative paths and the default files are looked up
 * @param projectName the {@code -p} name, or empty
 * @param profiles    the {@code --profile} values (added to {@code COMPOSE_PROFILES})
 * @param envFiles    the {@code --env-file} files; empty means {@code .env} in the project directory, if present
 * @param environment the environment variables; they win over env files
 * @param limits      size, depth and alias-expansion bounds per file
 */
public record LoadOptions(List<Path> files, Path workingDir, String projectName, List<String> profiles,
                          List<Path> envFiles, Map<String, String> environment, Limits limits) {
    public LoadOptions {
        files = List.copyOf(files);
        profiles = List.copyOf(profiles);
        envFiles = List.copyOf(envFiles);
        environment = Map.copyOf(environment);
    }

    /** No files named, no profiles, default limits. */
    public static LoadOptions of(Path workingDir, Map<String, String> environment) {
        return new LoadOptions(List.of(), workingDir, "", List.of(), List.of(), environment, Limits.DEFAULT);
    }

    public LoadOptions withFiles(List<Path> newFiles) {
        return new LoadOptions(newFiles, workingDir, projectName, profiles, envFiles, environment, limits);
    }

    public LoadOptions withProjectName(String name) {
        return new LoadOptions(files, workingDir, name, profiles, envFiles, environment, limits);
    }

    public LoadOptions withProfiles(List<String> newProfiles) {
        return new LoadOptions(files, workingDir, projectName, newProfiles, envFiles, environment, limits);
    }

    public LoadOptions withEnvFiles(List<Path> newEnvFiles) {
        return new LoadOptions(files, workingDir, projectName, profiles, newEnvFiles, environment, limits);
    }

    public LoadOptions withEnvironment(Map<String, String> newEnvironment) {
        return new LoadOptions(files, workingDir, projectName, profiles, envFiles, newEnvironment, limits);
    }

    public LoadOptions withLimits(Limits newLimits) {
        return new LoadOptions(files, workingDir, projectName, profiles, envFiles, environment, newLimits);
    }
}
