package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerLogTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final ContainerLog.Source MAIN = new ContainerLog.Source("main", "nginx:1.25");

    @Test
    void theHistorySaysTheContainerIsSimulatedThenGivesTheAnnotationLines() {
        Pod pod = started(TestPods.pod("web", Map.of(ContainerLog.LOG_ANNOTATION, "one\ntwo")).build());

        assertThat(ContainerLog.history(pod, MAIN, START.plusSeconds(30))).containsExactly(
                new ContainerLog.Line(START, "kstack node simulator: container main of pod ns/web (image nginx:1.25)"
                        + " is SIMULATED; no process runs"),
                new ContainerLog.Line(START, "one"),
                new ContainerLog.Line(START, "two"));
    }

    @ParameterizedTest(name = "tail {0}, since {1} -> {2}")
    @CsvSource({
            "-1, 1970-01-01T00:00:00Z, 'a,b,c'",
            "2,  1970-01-01T00:00:00Z, 'b,c'",
            "0,  1970-01-01T00:00:00Z, ''",
            "5,  1970-01-01T00:00:00Z, 'a,b,c'",
            "-1, 2026-01-01T10:00:01Z, 'b,c'",
            "1,  2026-01-01T10:00:01Z, 'c'",
            "-1, 2026-01-01T11:00:00Z, ''",
    })
    void selectsLinesByStartTimeThenTail(long tail, Instant since, String expected) {
        List<ContainerLog.Line> history = List.of(
                new ContainerLog.Line(START, "a"),
                new ContainerLog.Line(START.plusSeconds(1), "b"),
                new ContainerLog.Line(START.plusSeconds(2), "c"));
        LogRequest request = new LogRequest(false, tail, false, since, -1, false);

        List<String> selected = ContainerLog.select(history, request).stream().map(ContainerLog.Line::text).toList();

        assertThat(String.join(",", selected)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"false, 'hello\n'", "true, '2026-01-01T10:00:00.250Z hello\n'"})
    void rendersALineWithAnOptionalTimestamp(boolean timestamps, String expected) {
        ContainerLog.Line line = new ContainerLog.Line(START.plus(Duration.ofMillis(250)), "hello");

        assertThat(ContainerLog.render(line, timestamps)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}, previous={1}")
    @CsvSource(delimiter = '|', value = {
            "''               | false | container \"main\" in pod \"web\" is waiting to start: ContainerCreating",
            "run              | false | ",
            "imagepullbackoff | false | container \"main\" in pod \"web\" is waiting to start: ImagePullBackOff",
            "crashloop        | false | ",
            "crashloop        | true  | ",
            "run              | true  | previous terminated container \"main\" in pod \"web\" not found",
            "fail             | false | ",
    })
    void saysWhyALogCannotBeRead(String simulate, boolean previous, String expected) {
        Pod pod = TestPods.pod("web", Map.of(SimulatedOutcome.ANNOTATION, simulate)).build();
        if (!simulate.isEmpty()) {
            Pod started = started(pod);
            pod = new PodBuilder(started).withStatus(new PodStatusSimulation(Duration.ZERO, Duration.ofSeconds(10))
                    .desired(started, START.plusSeconds(1), "10.244.0.1").status()).build();
        }

        assertThat(ContainerLog.unavailable(pod, MAIN, previous).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"main, nginx:1.25", "setup, busybox:1.36", "debug, busybox:debug"})
    void findsRegularInitAndEphemeralContainers(String name, String image) {
        Pod pod = TestPods.pod("web", Map.of()).editSpec()
                .addNewInitContainer().withName("setup").withImage("busybox:1.36").endInitContainer()
                .addNewEphemeralContainer().withName("debug").withImage("busybox:debug").endEphemeralContainer()
                .endSpec().build();

        assertThat(ContainerLog.container(pod, name)).contains(new ContainerLog.Source(name, image));
        assertThat(ContainerLog.container(pod, "missing")).isEmpty();
    }

    private static Pod started(Pod pod) {
        return new PodBuilder(pod).withNewStatus().withStartTime("2026-01-01T10:00:00Z").endStatus().build();
    }
}
