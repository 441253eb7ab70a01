package dev.kstack.testenv.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scripts/lib/progress.sh, which every provisioning script prints its long steps with: what is happening, for how
 * long, how far along where the number of parts is known; plain lines off a terminal, one redrawn line on one.
 */
class ProgressTest {
    /** Four parts, one a second; the awk program counts the lines "part N" of the step's log. */
    private static final String COUNTED_STEP = """
            set -euo pipefail
            PROGRESS_TAG=test
            source scripts/lib/progress.sh
            log=$(mktemp)
            step "$log" "compiling" --count 4 '/^part/ {n++} END {print n + 0}' -- \\
                sh -c 'for i in 1 2 3 4; do echo "part $i"; sleep 1; done'
            rm -f "$log"
            """;

    @Test
    void offATerminalAStepPrintsPlainLinesWithTheElapsedTimeAndHowFarAlong() throws Exception {
        Bash run = Bash.run(COUNTED_STEP, Map.of("KSTACK_PROGRESS_INTERVAL", "1"));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).first().isEqualTo("[test] compiling ...");
        assertThat(lines).last().asString().matches("\\[test] compiling: done in \\d+s");
        assertThat(lines.subList(1, lines.size() - 1)).isNotEmpty()
                .allMatch(l -> l.matches("\\[test] compiling \\.\\.\\. \\d+s \\([0-3]/4, \\d+%\\)"), "progress lines");
        assertThat(run.err()).doesNotContain("\r", "\033");
    }

    @Test
    void onATerminalAStepRedrawsOneLineAndEndsWithTheDoneLine() throws Exception {
        Bash run = Bash.run(List.of("script", "-qec", "bash -c " + quoted(COUNTED_STEP), "/dev/null"),
                Map.of("TERM", "xterm"));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\r\033[K[test] compiling ... ").containsPattern("\\(\\d/4, \\d+%\\)")
                .doesNotContain("[test] compiling ...\r\n").contains("[test] compiling: done in ");
    }

    @Test
    void aFailingStepSaysSoWithTheEndOfItsLogAndPassesTheExitCodeOn() throws Exception {
        Bash run = Bash.run("""
                PROGRESS_TAG=test
                source scripts/lib/progress.sh
                step /tmp/kstack-progress-test.log "unpacking" -- sh -c 'echo "tar: no space left"; exit 3'
                echo "exit $?"
                rm -f /tmp/kstack-progress-test.log
                """, Map.of());

        assertThat(run.out()).isEqualTo("exit 3\n");
        assertThat(run.err()).contains("[test] unpacking failed (exit 3) after ",
                "the last lines of /tmp/kstack-progress-test.log:\ntar: no space left\n");
    }

    private static String quoted(String script) {
        return "'" + script.replace("'", "'\\''") + "'";
    }
}
