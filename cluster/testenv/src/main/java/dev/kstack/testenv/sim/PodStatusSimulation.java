package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides, as a pure function of a pod and the current time, the status a kubelet would report for it.
 *
 * <p>A pod first waits in ContainerCreating for the ready delay (counted from its {@code startTime}), then reaches
 * the final state its {@link SimulatedOutcome} asks for. Everything in the result is derived from the pod itself,
 * so computing it again for an unchanged pod gives an equal status (nothing to write).
 */
public final class PodStatusSimulation {

    public static final String HOST_IP = "127.0.0.1";

    private final Duration readyDelay;
    private final Duration restartInterval;

    public PodStatusSimulation(Duration readyDelay, Duration restartInterval) {
        this.readyDelay = Objects.requireNonNull(readyDelay, "readyDelay");
        this.restartInterval = Objects.requireNonNull(restartInterval, "restartInterval");
    }

    /**
     * The status the pod should have at {@code now}.
     *
     * @param podIp the address assigned to the pod, shown once its sandbox exists
     */
    public SimulatedPodStatus desired(Pod pod, Instant now, String podIp) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        if ("Succeeded".equals(current.getPhase()) || "Failed".equals(current.getPhase())) {
            return new SimulatedPodStatus(current, Optional.empty());
        }
        Instant start = Times.parse(current.getStartTime()).orElse(now.truncatedTo(ChronoUnit.SECONDS));
        Instant settleAt = start.plus(readyDelay);
        PodStatusBuilder status = new PodStatusBuilder(current)
                .withHostIP(HOST_IP)
                .withStartTime(Times.format(start))
                .withMessage(null)
                .withReason(null);
        ContainerStatuses containers = new ContainerStatuses(pod);
        List<Container> initContainers = orEmpty(pod.getSpec().getInitContainers());
        List<Container> appContainers = orEmpty(pod.getSpec().getContainers());
        if (now.isBefore(settleAt)) {
            boolean hasInit = !initContainers.isEmpty();
            List<ContainerStatus> init = map(initContainers,
                    c -> containers.waiting(c, "ContainerCreating", null));
            List<ContainerStatus> app = map(appContainers,
                    c -> containers.waiting(c, hasInit ? "PodInitializing" : "ContainerCreating", null));
            status.withPhase("Pending")
                    .withPodIP(null).withPodIPs(List.of())
                    .withInitContainerStatuses(init)
                    .withContainerStatuses(app)
                    .withConditions(conditions(current, now, init, app, "Pending"));
            return new SimulatedPodStatus(status.build(), Optional.of(settleAt));
        }
        List<ContainerStatus> init = map(initContainers, c -> containers.terminated(c, settleAt, 0, true));
        SimulatedOutcome outcome = SimulatedOutcome.of(pod);
        Optional<Instant> nextChange = Optional.empty();
        List<ContainerStatus> app;
        String phase;
        switch (outcome) {
            case RUN, UNREADY -> {
                phase = "Running";
                app = map(appContainers, c -> containers.running(c, settleAt, outcome == SimulatedOutcome.RUN));
            }
            case CRASHLOOP -> {
                phase = "Running";
                long restarts = 1 + Duration.between(settleAt, now).toMillis() / restartInterval.toMillis();
                Instant lastStart = settleAt.plus(restartInterval.multipliedBy(restarts - 1));
                String backOff = restartInterval.toSeconds() + "s";
                app = map(appContainers,
                        c -> containers.crashLooping(c, lastStart, Math.toIntExact(restarts), backOff));
                nextChange = Optional.of(settleAt.plus(restartInterval.multipliedBy(restarts)));
            }
            case IMAGEPULLBACKOFF -> {
                phase = "Pending";
                app = map(appContainers, c -> containers.waiting(c, "ImagePullBackOff",
                        "Back-off pulling image \"" + c.getImage() + "\""));
            }
            case FAIL -> {
                phase = "Failed";
                app = map(appContainers, c -> containers.terminated(c, settleAt, 1, false));
            }
            case COMPLETE -> {
                phase = "Succeeded";
                app = map(appContainers, c -> containers.terminated(c, settleAt, 0, false));
            }
            default -> throw new IllegalStateException("unhandled outcome " + outcome);
        }
        status.withPhase(phase)
                .withPodIP(podIp)
                .withPodIPs(new PodIPBuilder().withIp(podIp).build())
                .withInitContainerStatuses(init)
                .withContainerStatuses(app)
                .withConditions(conditions(current, now, init, app, phase));
        return new SimulatedPodStatus(status.build(), nextChange);
    }

    private static List<PodCondition> conditions(PodStatus current, Instant now, List<ContainerStatus> init,
                                                 List<ContainerStatus> app, String phase) {
        List<String> incompleteInit = names(init, s -> s.getState().getTerminated() == null);
        List<String> unready = names(app, s -> !Boolean.TRUE.equals(s.getReady()));
        boolean succeeded = "Succeeded".equals(phase);
        String unreadyReason = succeeded ? "PodCompleted" : "ContainersNotReady";
        String unreadyMessage = succeeded ? null : "containers with unready status: " + bracketed(unready);
        PodCondition initialized = incompleteInit.isEmpty()
                ? condition(current, now, "Initialized", true, succeeded ? "PodCompleted" : null, null)
                : condition(current, now, "Initialized", false, "ContainersNotInitialized",
                        "containers with incomplete status: " + bracketed(incompleteInit));
        boolean ready = unready.isEmpty();
        return List.of(
                initialized,
                ready ? condition(current, now, "Ready", true, null, null)
                        : condition(current, now, "Ready", false, unreadyReason, unreadyMessage),
                ready ? condition(current, now, "ContainersReady", true, null, null)
                        : condition(current, now, "ContainersReady", false, unreadyReason, unreadyMessage),
                condition(current, now, "PodScheduled", true, null, null));
    }

    /** A condition that keeps its previous transition time unless its status changes. */
    private static PodCondition condition(PodStatus current, Instant now, String type, boolean value,
                                          String reason, String message) {
        String status = value ? "True" : "False";
        String transition = orEmpty(current.getConditions()).stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(Times.format(now));
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(transition)
                .build();
    }

    /** Container names the way the kubelet lists them in condition messages: {@code [a b]}. */
    private static String bracketed(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> names(List<ContainerStatus> statuses,
                                      Predicate<ContainerStatus> filter) {
        return statuses.stream().filter(filter).map(ContainerStatus::getName).toList();
    }

    private static List<ContainerStatus> map(List<Container> containers,
                                             Function<Container, ContainerStatus> toStatus) {
        return containers.stream().map(toStatus).collect(Collectors.toUnmodifiableList());
    }
}
