package dev.kstack.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bin/local-cluster}'s command line, without a cluster: help, and what is wrong with a bad one. */
class LocalClusterMainTest {
    private static final Path NO_CLUSTER = Path.of("target", "no-local-cluster-here").toAbsolutePath();

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h", "up --help", "status -h"})
    void helpPrintsTheUsageOnStdoutAndSucceeds(String commandLine) {
        Run run = run(commandLine);
        assertThat(run.code).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out).startsWith("usage: bin/local-cluster COMMAND")
                .contains("up [--nodes N] [--pods-per-node M]", "up --real", "status", "kubeconfig", "down");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "start                      | unknown command 'start'",
            "up --nodes                 | --nodes needs a whole number of at least 1, not ''",
            "up --nodes 0               | --nodes needs a whole number of at least 1, not '0'",
            "up --pods-per-node=lots    | --pods-per-node needs a whole number of at least 1, not 'lots'",
            "up --real --nodes 3        | --nodes and --pods-per-node size the simulated nodes; --real runs one real node",
            "up --fast                  | unknown option '--fast' of up",
            "down --nodes 3             | local-cluster down takes no options (got --nodes 3)",
    })
    void aBadCommandLineSaysWhatIsWrongAndPrintsTheUsage(String commandLine, String error) {
        Run run = run(commandLine.strip());
        assertThat(run.code).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("error: " + error + "\n").contains("usage: bin/local-cluster COMMAND");
    }

    @ParameterizedTest
    @CsvSource({"'--nodes 4', 4, 0", "'--nodes=3 --pods-per-node=40', 3, 40", "'', 0, 0"})
    void upReadsTheSimulatorsSize(String options, int nodes, int pods) {
        List<String> args = options.isBlank() ? List.of() : List.of(options.split(" "));
        assertThat(LocalClusterMain.UpOptions.parse(args)).isEqualTo(new LocalClusterMain.UpOptions(false, nodes, pods));
    }

    private static Run run(String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalClusterMain.run(commandLine.split(" +"), NO_CLUSTER, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
