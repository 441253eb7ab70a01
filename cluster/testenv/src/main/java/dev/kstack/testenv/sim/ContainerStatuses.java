package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/** Builds the container statuses of a simulated pod: what a kubelet would report for each container. */
final class ContainerStatuses {

    private final Pod pod;

    ContainerStatuses(Pod pod) {
        this.pod = pod;
    }

    /** The container's sandbox or image is still being prepared. */
    ContainerStatus waiting(Container container, String reason, String message) {
        return base(container, false)
                .withState(new ContainerStateBuilder().withNewWaiting()
                        .withReason(reason).withMessage(message).endWaiting().build())
                .withReady(false)
                .withStarted(false)
                .withRestartCount(0)
                .build();
    }

    ContainerStatus running(Container container, Instant startedAt, boolean ready) {
        return base(container, true)
                .withState(new ContainerStateBuilder().withNewRunning()
                        .withStartedAt(Times.format(startedAt)).endRunning().build())
                .withReady(ready)
                .withStarted(true)
                .withRestartCount(0)
                .build();
    }

    /** The container ran once and exited; {@code ready} is true only for completed init containers. */
    ContainerStatus terminated(Container container, Instant at, int exitCode, boolean ready) {
        return base(container, true)
                .withState(terminatedState(container, at, exitCode))
                .withReady(ready)
                .withStarted(false)
                .withRestartCount(0)
                .build();
    }

    /** The container keeps exiting with code 1 and the kubelet backs off before restarting it. */
    ContainerStatus crashLooping(Container container, Instant lastStart, int restartCount, String backOff) {
        String message = "back-off " + backOff + " restarting failed container=" + container.getName()
                + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                + "(" + pod.getMetadata().getUid() + ")";
        return base(container, true)
                .withState(new ContainerStateBuilder().withNewWaiting()
                        .withReason("CrashLoopBackOff").withMessage(message).endWaiting().build())
                .withLastState(terminatedState(container, lastStart, 1))
                .withReady(false)
                .withStarted(false)
                .withRestartCount(restartCount)
                .build();
    }

    private ContainerState terminatedState(Container container, Instant at, int exitCode) {
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withStartedAt(Times.format(at))
                .withFinishedAt(Times.format(at))
                .withContainerID(containerId(container))
                .endTerminated().build();
    }

    private ContainerStatusBuilder base(Container container, boolean created) {
        ContainerStatusBuilder builder = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID(created ? "simulated://" + container.getImage() : "")
                .withLastState(new ContainerState());
        if (created) {
            builder.withContainerID(containerId(container));
        }
        return builder;
    }

    private String containerId(Container container) {
        return "simulated://" + pod.getMetadata().getUid() + "/" + container.getName();
    }
}
