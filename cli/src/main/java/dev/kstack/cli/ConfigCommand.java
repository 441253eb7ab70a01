package dev.kstack.cli;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.LoadResult;
import dev.kstack.compose.ProjectWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kstack config}: loads the compose files and prints the normalized project, like {@code docker compose config}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate the compose files and print the normalized project.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the files are valid", "1:the files do not load (one line per problem on stderr)", "2:bad usage"})
public final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ComposeOptions compose = new ComposeOptions();

    @Option(names = "--format", paramLabel = "FORMAT", description = "yaml or json (default: ${DEFAULT-VALUE}).")
    ProjectWriter.Format format = ProjectWriter.Format.YAML;

    @Override
    public Integer call() {
        try {
            LoadResult result = ComposeLoader.load(compose.loadOptions());
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
