package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PodStatusSimulationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Duration RESTART = Duration.ofSeconds(10);
    private final PodStatusSimulation simulation = new PodStatusSimulation(DELAY, RESTART);

    @Test
    void aNewPodWaitsInContainerCreatingUntilTheReadyDelayHasPassed() {
        SimulatedPodStatus result = simulation.desired(TestPods.pod("p"), T0, "10.244.0.7");

        PodStatus status = result.status();
        assertThat(status.getPhase()).isEqualTo("Pending");
        assertThat(status.getStartTime()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(status.getHostIP()).isEqualTo("127.0.0.1");
        assertThat(status.getPodIP()).isNull();
        assertThat(status.getContainerStatuses()).singleElement()
                .satisfies(c -> assertThat(c.getState().getWaiting().getReason()).isEqualTo("ContainerCreating"));
        assertThat(conditions(status)).containsEntry("Ready", "False").containsEntry("PodScheduled", "True");
        assertThat(result.nextChange()).contains(T0.plus(DELAY));
    }

    @ParameterizedTest(name = "[{index}] simulate={0}")
    @CsvSource({
            // annotation,      phase,     Ready, container state, reason,           exit code
            "'',                Running,   True,  running,         ,                 ",
            "run,               Running,   True,  running,         ,                 ",
            "RUN,               Running,   True,  running,         ,                 ",
            "something-else,    Running,   True,  running,         ,                 ",
            "unready,           Running,   False, running,         ,                 ",
            "crashloop,         Running,   False, waiting,         CrashLoopBackOff, ",
            "imagepullbackoff,  Pending,   False, waiting,         ImagePullBackOff, ",
            "fail,              Failed,    False, terminated,      Error,            1",
            "complete,          Succeeded, False, terminated,      Completed,        0",
    })
    void theAnnotationChoosesTheFinalState(String annotation, String phase, String ready, String state,
                                           String reason, Integer exitCode) {
        Pod started = started(TestPods.pod("p", Map.of(SimulatedOutcome.ANNOTATION, annotation)).build());

        PodStatus status = simulation.desired(started, T0.plus(DELAY), "10.244.0.7").status();

        assertThat(status.getPhase()).isEqualTo(phase);
        assertThat(status.getPodIP()).isEqualTo("10.244.0.7");
        assertThat(conditions(status)).containsEntry("Ready", ready).containsEntry("ContainersReady", ready)
                .containsEntry("Initialized", "True").containsEntry("PodScheduled", "True");
        ContainerStatus container = status.getContainerStatuses().get(0);
        assertThat(container.getReady()).isEqualTo(Boolean.parseBoolean(ready));
        switch (state) {
            case "running" -> assertThat(container.getState().getRunning().getStartedAt())
                    .isEqualTo("2026-01-01T10:00:02Z");
            case "waiting" -> assertThat(container.getState().getWaiting().getReason()).isEqualTo(reason);
            default -> {
                assertThat(container.getState().getTerminated().getReason()).isEqualTo(reason);
                assertThat(container.getState().getTerminated().getExitCode()).isEqualTo(exitCode);
            }
        }
    }

    @Test
    void imagePullBackOffNamesTheImage() {
        Pod pod = started(TestPods.pod("p", Map.of(SimulatedOutcome.ANNOTATION, "imagepullbackoff")).build());

        ContainerStatus container = simulation.desired(pod, T0.plus(DELAY), "10.244.0.7").status()
                .getContainerStatuses().get(0);

        assertThat(container.getState().getWaiting().getMessage()).isEqualTo("Back-off pulling image \"nginx:1.25\"");
    }

    @ParameterizedTest(name = "{0} s after settling: {1} restarts")
    @CsvSource({"0, 1", "9, 1", "10, 2", "35, 4"})
    void aCrashLoopingContainerRestartsEveryRestartInterval(long secondsAfterSettling, int restarts) {
        Pod pod = started(TestPods.pod("p", Map.of(SimulatedOutcome.ANNOTATION, "crashloop")).build());
        Instant now = T0.plus(DELAY).plusSeconds(secondsAfterSettling);

        SimulatedPodStatus result = simulation.desired(pod, now, "10.244.0.7");

        ContainerStatus container = result.status().getContainerStatuses().get(0);
        assertThat(container.getRestartCount()).isEqualTo(restarts);
        assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(result.nextChange()).contains(T0.plus(DELAY).plus(RESTART.multipliedBy(restarts)));
    }

    @Test
    void initContainersAreCompletedOnceThePodSettles() {
        Pod pod = started(TestPods.pod("p", Map.of()).editSpec()
                .addNewInitContainer().withName("setup").withImage("busybox").endInitContainer().endSpec().build());

        PodStatus creating = simulation.desired(pod, T0, "10.244.0.7").status();
        PodStatus settled = simulation.desired(pod, T0.plus(DELAY), "10.244.0.7").status();

        assertThat(conditions(creating)).containsEntry("Initialized", "False");
        assertThat(creating.getContainerStatuses().get(0).getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(conditions(settled)).containsEntry("Initialized", "True");
        assertThat(settled.getInitContainerStatuses()).singleElement().satisfies(c -> {
            assertThat(c.getState().getTerminated().getReason()).isEqualTo("Completed");
            assertThat(c.getReady()).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(SimulatedOutcome.class)
    void aSettledStatusAfterAServerRoundTripNeedsNoWrite(SimulatedOutcome outcome) {
        Pod pod = TestPods.pod("p", Map.of(SimulatedOutcome.ANNOTATION, outcome.value())).build();
        Pod creating = roundTrip(withStatus(pod, simulation.desired(pod, T0, "10.244.0.7").status()));
        Instant later = T0.plus(DELAY).plusSeconds(1);
        Pod settled = roundTrip(withStatus(creating, simulation.desired(creating, later, "10.244.0.7").status()));

        PodStatus again = simulation.desired(settled, later, "10.244.0.7").status();

        assertThat(StatusComparison.sameContent(settled.getStatus(), again)).isTrue();
        assertThat(StatusComparison.sameContent(creating.getStatus(), again)).isFalse();
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileTheirStatusStays() {
        Pod pod = TestPods.pod("p");
        Pod creating = withStatus(pod, simulation.desired(pod, T0, "10.244.0.7").status());
        Pod settled = withStatus(creating, simulation.desired(creating, T0.plusSeconds(5), "10.244.0.7").status());

        Map<String, String> times = settled.getStatus().getConditions().stream()
                .collect(Collectors.toMap(PodCondition::getType, PodCondition::getLastTransitionTime));

        assertThat(times).containsEntry("PodScheduled", "2026-01-01T10:00:00Z")
                .containsEntry("Ready", "2026-01-01T10:00:05Z");
    }

    @ParameterizedTest
    @CsvSource({"Succeeded", "Failed"})
    void aFinishedPodIsLeftAlone(String phase) {
        Pod pod = new PodBuilder(TestPods.pod("p")).withNewStatus().withPhase(phase).endStatus().build();

        SimulatedPodStatus result = simulation.desired(pod, T0, "10.244.0.7");

        assertThat(result.status()).isEqualTo(pod.getStatus());
        assertThat(result.nextChange()).isEmpty();
    }

    private static Pod started(Pod pod) {
        return new PodBuilder(pod).withNewStatus().withStartTime("2026-01-01T10:00:00Z").endStatus().build();
    }

    private static Pod withStatus(Pod pod, PodStatus status) {
        return new PodBuilder(pod).withStatus(status).build();
    }

    private static Pod roundTrip(Pod pod) {
        return Serialization.unmarshal(Serialization.asJson(pod), Pod.class);
    }

    private static Map<String, String> conditions(PodStatus status) {
        return status.getConditions().stream().collect(Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
    }
}
