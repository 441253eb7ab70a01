package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The log of a simulated container: a line saying it is simulated, then the lines of the pod annotation
 * {@value #LOG_ANNOTATION}, then (when followed) a new line every few seconds.
 */
public final class ContainerLog {

    public static final String LOG_ANNOTATION = "kstack.dev/simulate-log";

    /** One log line and the time it was written. */
    public record Line(Instant time, String text) {
    }

    /** The container whose log is read. */
    public record Source(String name, String image) {
    }

    private ContainerLog() {
    }

    /** The container named {@code name} among the pod's containers, init containers and ephemeral containers. */
    public static Optional<Source> container(Pod pod, String name) {
        Stream<Source> regular = Stream.of(pod.getSpec().getContainers(), pod.getSpec().getInitContainers())
                .filter(Objects::nonNull)
                .flatMap(List::stream)
                .map(c -> new Source(c.getName(), c.getImage()));
        Stream<Source> ephemeral = Stream.ofNullable(pod.getSpec().getEphemeralContainers())
                .flatMap(List::stream)
                .map(c -> new Source(c.getName(), c.getImage()));
        return Stream.concat(regular, ephemeral).filter(c -> name.equals(c.name())).findFirst();
    }

    /**
     * Why the log cannot be read, as a kubelet would answer with 400 Bad Request: the container has not started
     * yet, or a previous instance was asked for and there is none. Empty when the log can be read.
     */
    public static Optional<String> unavailable(Pod pod, Source container, boolean previous) {
        Optional<ContainerStatus> status = Optional.ofNullable(pod.getStatus()).stream()
                .flatMap(s -> Stream.of(s.getContainerStatuses(), s.getInitContainerStatuses()))
                .filter(Objects::nonNull)
                .flatMap(List::stream)
                .filter(s -> container.name().equals(s.getName()))
                .findFirst();
        String where = "container \"" + container.name() + "\" in pod \"" + pod.getMetadata().getName() + "\"";
        if (previous) {
            boolean hasPrevious = status.map(ContainerStatus::getLastState)
                    .map(ContainerState::getTerminated).isPresent();
            return hasPrevious ? Optional.empty() : Optional.of("previous terminated " + where + " not found");
        }
        Optional<String> waitingReason = status.map(ContainerStatus::getState)
                .map(ContainerState::getWaiting)
                .map(ContainerStateWaiting::getReason)
                .filter(reason -> !"CrashLoopBackOff".equals(reason));
        if (status.isEmpty()) {
            waitingReason = Optional.of("ContainerCreating");
        }
        return waitingReason.map(reason -> where + " is waiting to start: " + reason);
    }

    /** The lines written so far, at the time the container started (the pod's start time, else {@code now}). */
    public static List<Line> history(Pod pod, Source container, Instant now) {
        Instant start = Optional.ofNullable(pod.getStatus())
                .flatMap(s -> Times.parse(s.getStartTime()))
                .orElse(now);
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(start, "kstack node simulator: container " + container.name() + " of pod "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " (image "
                + container.image() + ") is SIMULATED; no process runs"));
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String extra = annotations == null ? null : annotations.get(LOG_ANNOTATION);
        if (extra != null && !extra.isEmpty()) {
            extra.lines().forEach(text -> lines.add(new Line(start, text)));
        }
        return List.copyOf(lines);
    }

    /** The line appended to a followed log on its {@code n}-th tick. */
    public static Line followLine(Source container, long n, Instant now) {
        return new Line(now, "kstack node simulator: container " + container.name()
                + " is still simulated (tick " + n + ")");
    }

    /** The lines of {@code history} that the request asks for: those since its start time, then the tail. */
    public static List<Line> select(List<Line> history, LogRequest request) {
        List<Line> recent = history.stream().filter(l -> !l.time().isBefore(request.since())).toList();
        if (request.tailLines() >= 0 && recent.size() > request.tailLines()) {
            return recent.subList(recent.size() - (int) request.tailLines(), recent.size());
        }
        return recent;
    }

    /** The line as sent, with its newline and, if asked, an RFC 3339 timestamp in front. */
    public static String render(Line line, boolean timestamps) {
        return timestamps
                ? DateTimeFormatter.ISO_INSTANT.format(line.time()) + " " + line.text() + "\n"
                : line.text() + "\n";
    }
}
