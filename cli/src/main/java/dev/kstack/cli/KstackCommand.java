package dev.kstack.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code kstack} command. Each subcommand is a class of its own in this package, listed in
 * {@link #SUBCOMMANDS}.
 *
 * <p>Picocli builds the model of every registered subcommand up front (reflection over each class, its fields and
 * their types, which pulls the Kubernetes client and Jackson in). A run names one subcommand, so
 * {@link #commandLine(String...)} registers only that one; help, completion and unknown names get all of them.
 */
@Command(
        name = "kstack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Run docker-compose applications on Kubernetes as Stacks.")
public final class KstackCommand implements Runnable {
    /** A subcommand: its name and aliases (as in its {@code @Command}) and its class. */
    record Subcommand(String name, List<String> aliases, Class<?> type) {
        Subcommand(String name, Class<?> type) {
            this(name, List.of(), type);
        }

        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }
    }

    /** Every subcommand, in the order {@code kstack --help} lists them. */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("deploy", DeployCommand.class),
            new Subcommand("build", BuildCommand.class),
            new Subcommand("rm", List.of("remove", "down"), RmCommand.class),
            new Subcommand("ls", List.of("list"), LsCommand.class),
            new Subcommand("ps", PsCommand.class),
            new Subcommand("services", ServicesCommand.class),
            new Subcommand("logs", LogsCommand.class),
            new Subcommand("exec", ExecCommand.class),
            new Subcommand("scale", ScaleCommand.class),
            new Subcommand("install", InstallCommand.class),
            new Subcommand("uninstall", UninstallCommand.class),
            new Subcommand("status", StatusCommand.class),
            new Subcommand("completion", CompletionCommand.class),
            new Subcommand("version", VersionCommand.class),
            new Subcommand("config", ConfigCommand.class),
            new Subcommand("server", ServerCommand.class),
            new Subcommand("apiserver", ApiServerCommand.class),
            new Subcommand("convert", ConvertCommand.class),
            new Subcommand("controller", ControllerCommand.class));

    /** Subcommands that need the whole command tree: completion scripts list every command. */
    private static final List<String> NEEDS_ALL = List.of("completion", "help");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }

    /** The command line with every subcommand (for help, completion and tests of the whole tree). */
    public static CommandLine commandLine() {
        return configure(SUBCOMMANDS);
    }

    /**
     * The command line for these arguments: only the subcommand they name when it is a known one (the first argument
     * not starting with {@code -}; the top-level options take no values), else every subcommand.
     */
    public static CommandLine commandLine(String... args) {
        String word = firstWord(args);
        if (word == null || NEEDS_ALL.contains(word)) {
            return commandLine();
        }
        List<Subcommand> named = SUBCOMMANDS.stream().filter(s -> s.answersTo(word)).toList();
        return configure(named.isEmpty() ? SUBCOMMANDS : named);
    }

    static String firstWord(String... args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    /** Exit code 2 for usage errors, as the documentation promises. */
    private static CommandLine configure(List<Subcommand> subcommands) {
        CommandLine cli = new CommandLine(new KstackCommand());
        for (Subcommand s : subcommands) {
            cli.addSubcommand(s.name(), s.type(), s.aliases().toArray(String[]::new));
        }
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("Error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        return cli;
    }
}
