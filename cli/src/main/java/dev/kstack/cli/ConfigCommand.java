package dev.kstack.cli;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.LoadOptions;
import dev.kstack.compose.LoadResult;
import dev.kstack.compose.ProjectWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kstack config}: loads the compose files and prints the normalized project, like {@code docker compose config}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate the compose files and print the normalized project.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the files are valid", "1:the files do not load (one line per problem on stderr)", "2:bad usage"})
public final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose file (repeatable; later files override earlier ones).")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name.")
    String projectName = "";

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Profile to enable (repeatable).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Env file used instead of .env (repeatable).")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "yaml or json (default: ${DEFAULT-VALUE}).")
    ProjectWriter.Format format = ProjectWriter.Format.YAML;

    @Override
    public Integer call() {
        LoadOptions options = LoadOptions.of(Path.of("").toAbsolutePath(), System.getenv())
                .withFiles(files).withProjectName(projectName).withProfiles(profiles).withEnvFiles(envFiles);
        try {
            LoadResult result = ComposeLoader.load(options);
            result.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
            spec.commandLine().getOut().print(ProjectWriter.write(result.project(), format));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (ComposeException e) {
            for (Diagnostic d : e.diagnostics()) {
                spec.commandLine().getErr().println(d);
            }
            return ExitCodes.FAILURE;
        }
    }
}
