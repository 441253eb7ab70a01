package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** kstack exec without a cluster: its arguments, the pod and container it picks, stdin and terminal defaults. */
class ExecCommandTest {
    private static ExecCommand parse(String... args) {
        CommandLine cli = KstackCommand.commandLine(args);
        cli.parseArgs(args);
        return cli.getSubcommands().get("exec").getCommand();
    }

    @Test
    void theCommandAfterTheServiceKeepsItsOwnOptionsAfterDoubleDash() {
        ExecCommand exec = parse("exec", "notes", "db", "--", "redis-cli", "-a", "secret", "ping");

        assertThat(exec.name).isEqualTo("notes");
        assertThat(exec.service).isEqualTo("db");
        assertThat(exec.effectiveCommand()).containsExactly("redis-cli", "-a", "secret", "ping");
        assertThat(exec.stdin).isNull();
        assertThat(exec.tty).isNull();
    }

    @Test
    void withoutACommandItRunsSh() {
        assertThat(parse("exec", "notes", "api").effectiveCommand()).containsExactly("sh");
        assertThat(parse("exec", "notes", "api", "ls").effectiveCommand()).containsExactly("ls");
    }

    @Test
    void stdinAndTerminalOptionsCombineAndNegate() {
        ExecCommand both = parse("exec", "-it", "notes", "api");
        assertThat(both.stdin).isTrue();
        assertThat(both.tty).isTrue();

        ExecCommand neither = parse("exec", "--no-stdin", "--no-tty", "-n", "team", "notes", "api", "--", "env");
        assertThat(neither.stdin).isFalse();
        assertThat(neither.tty).isFalse();
        assertThat(neither.effectiveCommand()).containsExactly("env");
    }

    @Test
    void aMissingServiceIsAUsageErrorBeforeAnyClusterIsContacted() {
        Cli.Run r = Cli.run("exec", "notes");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required parameter", "SERVICE");
    }

    @Test
    void anOptionOfTheRemoteCommandWithoutDoubleDashIsAUsageError() {
        Cli.Run r = Cli.run("exec", "notes", "api", "ls", "-la");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("-la");
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                // -i, -t as given (null: not given), on a terminal -> stdin, tty, a warning?
                Arguments.of(null, null, true, true, true, false),
                Arguments.of(null, null, false, false, false, false),
                Arguments.of(true, null, false, true, false, false),
                Arguments.of(false, null, true, false, true, false),
                Arguments.of(null, false, true, true, false, false),
                Arguments.of(true, true, false, true, false, true));
    }

    @ParameterizedTest(name = "-i {0} -t {1} terminal {2} -> stdin {3} tty {4} warning {5}")
    @MethodSource("modes")
    void stdinAndTerminalDefaultToWhetherKstackRunsOnATerminal(Boolean i, Boolean t, boolean terminal,
                                                               boolean stdin, boolean tty, boolean warns) {
        ExecMode mode = ExecMode.of(i, t, terminal);

        assertThat(mode.stdin()).isEqualTo(stdin);
        assertThat(mode.tty()).isEqualTo(tty);
        assertThat(mode.warning().isEmpty()).isEqualTo(!warns);
    }

    private static Pod pod(String name, String phase, boolean ready, String created, boolean deleting) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created)
                .addToLabels("com.docker.service.name", "api").endMetadata()
                .withNewSpec().addNewContainer().withName("api").endContainer().endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus();
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2026-12-03T08:00:00Z").endMetadata();
        }
        return b.build();
    }

    @Test
    void aReadyPodWinsOverANewerPodThatIsNotReady() {
        Pod oldReady = pod("api-a", "Running", true, "2026-12-03T07:00:00Z", false);
        Pod newUnready = pod("api-b", "Running", false, "2026-12-03T07:30:00Z", false);

        assertThat(ExecTarget.choose(List.of(newUnready, oldReady))).contains(oldReady);
    }

    @Test
    void amongReadyPodsTheNewestWinsThenTheName() {
        Pod older = pod("api-a", "Running", true, "2026-12-03T07:00:00Z", false);
        Pod newer = pod("api-z", "Running", true, "2026-12-03T07:30:00Z", false);
        Pod twin = pod("api-y", "Running", true, "2026-12-03T07:30:00Z", false);

        assertThat(ExecTarget.choose(List.of(older, newer, twin))).contains(twin);
    }

    @Test
    void pendingAndTerminatingPodsAreNeverChosenButARunningUnreadyOneIs() {
        Pod pending = pod("api-a", "Pending", false, "2026-12-03T07:40:00Z", false);
        Pod terminating = pod("api-b", "Running", true, "2026-12-03T07:50:00Z", true);
        Pod unready = pod("api-c", "Running", false, "2026-12-03T07:00:00Z", false);

        assertThat(ExecTarget.choose(List.of(pending, terminating, unready))).contains(unready);
        assertThat(ExecTarget.choose(List.of(pending, terminating))).isEmpty();
    }

    @Test
    void withNothingRunningTheMessageNamesEachPodAndItsState() {
        Pod pending = pod("api-a", "Pending", false, "2026-12-03T07:40:00Z", false);
        Pod terminating = pod("api-b", "Running", true, "2026-12-03T07:50:00Z", true);

        assertThat(ExecTarget.noPodMessage("notes", "api", List.of(pending, terminating)))
                .isEqualTo("service \"api\" of stack \"notes\" has no running pod: api-a (Pending), api-b (Terminating)");
        assertThat(ExecTarget.noPodMessage("notes", "api", List.of()))
                .startsWith("service \"api\" of stack \"notes\" has no pods");
    }

    @Test
    void theServicesContainerIsChosenElseTheFirst() {
        Pod withSidecar = new PodBuilder(pod("api-a", "Running", true, "2026-12-03T07:00:00Z", false))
                .editSpec().withContainers().addNewContainer().withName("proxy").endContainer()
                .addNewContainer().withName("api").endContainer().endSpec().build();

        assertThat(ExecTarget.container(withSidecar, "api")).isEqualTo("api");
        assertThat(ExecTarget.container(withSidecar, "web")).isEqualTo("proxy");
        Pod empty = new PodBuilder(withSidecar).editSpec().withContainers().endSpec().build();
        assertThatThrownBy(() -> ExecTarget.container(empty, "api")).hasMessageContaining("has no container");
    }
}
