package dev.kstack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code kstack} command. Each subcommand is a class of its own in this package,
 * listed in {@code subcommands} below.
 */
@Command(
        name = "kstack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run docker-compose applications on Kubernetes as Stacks.",
        subcommands = {
            DeployCommand.class,
            RmCommand.class,
            LsCommand.class,
            PsCommand.class,
            ServicesCommand.class,
            LogsCommand.class,
            ScaleCommand.class,
            InstallCommand.class,
            UninstallCommand.class,
            CompletionCommand.class,
            VersionCommand.class,
            ConfigCommand.class,
            ServerCommand.class,
            ConvertCommand.class,
            ControllerCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class KstackCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }

    /** The configured command line: exit code 2 for usage errors, as the documentation promises. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KstackCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("Error: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cli;
    }
}
