package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A run builds only the subcommand it names; help, completion and mistakes still see every command. */
class SubcommandRegistryTest {
    @Test
    void everyEntryAgreesWithItsCommandAnnotation() {
        for (KstackCommand.Subcommand s : KstackCommand.SUBCOMMANDS) {
            Command command = s.type().getAnnotation(Command.class);
            assertThat(command).as(s.type().getSimpleName()).isNotNull();
            assertThat(command.name()).isEqualTo(s.name());
            assertThat(List.of(command.aliases())).isEqualTo(s.aliases());
        }
    }

    @Test
    void aRunNamingOneCommandBuildsOnlyThatOne() {
        CommandLine convert = KstackCommand.commandLine("convert", "-f", "docker-compose.yml");
        assertThat(convert.getSubcommands().keySet()).containsExactlyInAnyOrder("convert", "help");

        CommandLine rm = KstackCommand.commandLine("--kubeconfig=x", "down", "hellokube");
        assertThat(rm.getSubcommands().keySet()).containsExactlyInAnyOrder("rm", "remove", "down", "help");
    }

    @Test
    void helpCompletionAndUnknownWordsGetTheWholeTree() {
        int all = KstackCommand.commandLine().getSubcommands().size();
        assertThat(KstackCommand.commandLine().getSubcommands()).containsKeys("deploy", "ls", "list", "version", "help");
        assertThat(KstackCommand.commandLine("--help").getSubcommands()).hasSize(all);
        assertThat(KstackCommand.commandLine("help", "deploy").getSubcommands()).hasSize(all);
        assertThat(KstackCommand.commandLine("completion", "bash").getSubcommands()).hasSize(all);
        assertThat(KstackCommand.commandLine("dpeloy").getSubcommands()).hasSize(all);
    }

    @Test
    void aMistypedCommandIsAUsageErrorWithASuggestion() {
        Cli.Run r = Cli.run("dpeloy", "-c", "x.yml", "app");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched arguments", "deploy");
    }

    @Test
    void theCompletionScriptNamesEveryCommand() {
        Cli.Run r = Cli.run("completion", "bash");

        assertThat(r.exit()).isZero();
        for (KstackCommand.Subcommand s : KstackCommand.SUBCOMMANDS) {
            assertThat(r.out()).contains(s.name());
        }
    }
}
