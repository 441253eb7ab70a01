package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.ObjectMeta;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceProgressTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5|1|4|0||words: Pending [pod status: 1/5 ready, 4/5 pending, 0/5 failed]",
        "5|5|0|0||words: Ready",
        "2|3|0|0||words: Ready",
        "1|0|0|1|image pull failed|words: Failed [pod status: 0/1 ready, 0/1 pending, 1/1 failed] image pull failed",
        "0|0|0|0||words: Ready",
    })
    void linesInTheDockerCliStyle(int desired, int ready, int pending, int failed, String message, String line) {
        assertThat(new ServiceProgress("words", desired, ready, pending, failed, message).line()).isEqualTo(line);
    }

    static Stack stack(long generation, StackStatus status) {
        ServiceConfig words = ServiceConfig.of("words", "api").toBuilder()
                .deploy(dev.kstack.api.DeployConfig.EMPTY.withReplicas(5L)).build();
        ObjectMeta meta = new ObjectMeta("hellokube", null, "default", null, null, null, generation, null, null, null,
                null, null, null, null, null);
        return new Stack(null, null, meta, StackSpec.of(List.of(words, ServiceConfig.of("db", "db"))), status);
    }

    static StackStatus status(long observed, String phase, StackStatus.ServiceStatus words) {
        return new StackStatus(phase, "", observed, "", 2, "", "", Map.of("words", words,
                "db", new StackStatus.ServiceStatus("Deployment", 1, 1, 0, 0, "")));
    }

    @Test
    void aStatusOfAnOlderGenerationCountsForNothing() {
        Stack s = stack(2, status(1, StackStatus.AVAILABLE, new StackStatus.ServiceStatus("Deployment", 5, 5, 0, 0, "")));

        assertThat(ServiceProgress.of(s)).extracting(ServiceProgress::line).containsExactly(
                "words: Pending [pod status: 0/5 ready, 0/5 pending, 0/5 failed]",
                "db: Pending [pod status: 0/1 ready, 0/1 pending, 0/1 failed]");
        assertThat(DeployCommand.StackOutcome.of(s)).isEqualTo(DeployCommand.StackOutcome.WAITING);
        assertThat(DeployCommand.StackOutcome.waitingReason(s)).contains("has not reconciled its latest change");
    }

    @Test
    void aNewWorkloadReportingZeroDesiredIsStillPendingForTheSpecsReplicas() {
        Stack s = stack(1, status(1, StackStatus.PROGRESSING, new StackStatus.ServiceStatus("Deployment", 0, 0, 0, 0, "")));

        assertThat(ServiceProgress.of(s).get(0).line())
                .isEqualTo("words: Pending [pod status: 0/5 ready, 0/5 pending, 0/5 failed]");
    }

    @Test
    void stableOnlyWhenAvailableAndEveryReplicaReady() {
        var ready = new StackStatus.ServiceStatus("Deployment", 5, 5, 0, 0, "");
        assertThat(DeployCommand.StackOutcome.of(stack(3, status(3, StackStatus.AVAILABLE, ready))))
                .isEqualTo(DeployCommand.StackOutcome.STABLE);
        assertThat(DeployCommand.StackOutcome.of(stack(3, status(3, StackStatus.PROGRESSING, ready))))
                .isEqualTo(DeployCommand.StackOutcome.WAITING);
        var partly = new StackStatus.ServiceStatus("Deployment", 5, 3, 2, 0, "");
        assertThat(DeployCommand.StackOutcome.of(stack(3, status(3, StackStatus.AVAILABLE, partly))))
                .isEqualTo(DeployCommand.StackOutcome.WAITING);
        assertThat(DeployCommand.StackOutcome.of(stack(3, status(3, StackStatus.FAILURE, partly))))
                .isEqualTo(DeployCommand.StackOutcome.FAILED);
    }

    @Test
    void aStatusOfOlderContentDigestsCountsForNothing() {
        // a changed config: the Stack's generation stays, only its digests annotation changes
        ContentDigests old = new ContentDigests(Map.of(), Map.of("app-conf", "digest-1"));
        ContentDigests changed = new ContentDigests(Map.of(), Map.of("app-conf", "digest-2"));
        StackStatus available = status(3, StackStatus.AVAILABLE, new StackStatus.ServiceStatus("Deployment", 5, 5, 0, 0, ""));
        Stack written = stack(3, available.withObservedDigests(old.fingerprint()));
        Stack redeployed = new Stack(null, null, written.metadata().withAnnotations(
                Map.of(ContentDigests.ANNOTATION, changed.toJson())), written.spec(), written.status());

        assertThat(DeployCommand.StackOutcome.of(redeployed)).isEqualTo(DeployCommand.StackOutcome.WAITING);
        assertThat(DeployCommand.StackOutcome.of(new Stack(null, null, redeployed.metadata(), redeployed.spec(),
                available.withObservedDigests(changed.fingerprint())))).isEqualTo(DeployCommand.StackOutcome.STABLE);
        // an older controller reports no digests: the generation alone counts
        assertThat(DeployCommand.StackOutcome.of(new Stack(null, null, redeployed.metadata(), redeployed.spec(),
                available))).isEqualTo(DeployCommand.StackOutcome.STABLE);
        assertThat(old.fingerprint()).isNotEqualTo(changed.fingerprint()).hasSize(32);
        assertThat(ContentDigests.NONE.fingerprint()).isEmpty();
    }

    @Test
    void noStatusAtAllPointsAtTheInstall() {
        assertThat(DeployCommand.StackOutcome.waitingReason(stack(1, null))).contains("kstack install --run-local");
    }

    @Test
    void plainOutputPrintsALineOnlyWhenItChanges() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), false);
        ServiceProgress pending = new ServiceProgress("web", 1, 0, 1, 0, "");
        ServiceProgress db = new ServiceProgress("db", 1, 1, 0, 0, "");

        display.show(List.of(pending, db));
        display.show(List.of(pending, db));
        display.show(List.of(new ServiceProgress("web", 1, 1, 0, 0, ""), db));

        assertThat(text.toString()).isEqualTo("web: Pending [pod status: 0/1 ready, 1/1 pending, 0/1 failed]\n"
                + "db: Ready\nweb: Ready\n");
    }

    @Test
    void aTerminalRedrawsTheBlockInPlace() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), true);
        ServiceProgress db = new ServiceProgress("db", 1, 1, 0, 0, "");

        display.show(List.of(new ServiceProgress("web", 1, 0, 1, 0, ""), db));
        display.show(List.of(new ServiceProgress("web", 1, 1, 0, 0, ""), db));

        assertThat(text.toString()).isEqualTo(
                "\u001b[2Kweb: Pending [pod status: 0/1 ready, 1/1 pending, 0/1 failed]\n\u001b[2Kdb: Ready\n"
                + "\u001b[2A\u001b[2Kweb: Ready\n\u001b[2Kdb: Ready\n");
    }
}
