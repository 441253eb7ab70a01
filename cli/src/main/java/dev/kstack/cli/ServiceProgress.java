package dev.kstack.cli;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one service while a deploy waits, and its line in the Docker CLI's words:
 * {@code words: Pending [pod status: 1/5 ready, 4/5 pending, 0/5 failed]}, then {@code words: Ready}.
 */
record ServiceProgress(String service, int desired, int ready, int pending, int failed, String message) {
    ServiceProgress {
        message = message == null ? "" : message;
    }

    boolean isReady() {
        return failed == 0 && ready >= desired;
    }

    String line() {
        if (isReady()) {
            return service + ": Ready";
        }
        String state = failed > 0 ? "Failed" : "Pending";
        int total = Math.max(desired, ready + pending + failed);
        String line = String.format("%s: %s [pod status: %d/%d ready, %d/%d pending, %d/%d failed]",
                service, state, ready, total, pending, total, failed, total);
        return failed > 0 && !message.isEmpty() ? line + " " + message : line;
    }

    /**
     * One entry per service of the stack's spec, in spec order, from the status the controller wrote for the
     * stack's current generation; a service the controller has not counted yet is pending with nothing known.
     */
    static List<ServiceProgress> of(Stack stack) {
        StackStatus status = stack.status();
        boolean current = status != null && observedCurrent(stack);
        List<ServiceProgress> out = new ArrayList<>();
        for (var service : stack.spec().services()) {
            StackStatus.ServiceStatus s = current ? status.services().get(service.name()) : null;
            // A replicated service wants what its spec says, even while its new workload still reports 0.
            int desired = service.deploy().global() ? (s == null ? 1 : s.desired()) : desiredOf(service);
            out.add(s == null ? new ServiceProgress(service.name(), desired, 0, 0, 0, "")
                    : new ServiceProgress(service.name(), desired, s.ready(), s.pending(), s.failed(), s.message()));
        }
        return out;
    }

    /**
     * The controller has acted on the stack's latest spec and on its latest content digests (a changed secret or
     * config changes only the annotation, not the generation). A status without digests is an older controller's,
     * which does not report them: the generation alone counts then.
     */
    static boolean observedCurrent(Stack stack) {
        Long generation = stack.metadata().generation();
        if (stack.status() == null || generation == null || stack.status().observedGeneration() < generation) {
            return false;
        }
        String observed = stack.status().observedDigests();
        return observed.isEmpty()
                || observed.equals(ContentDigests.from(stack.metadata().annotations()).fingerprint());
    }

    private static int desiredOf(dev.kstack.api.ServiceConfig service) {
        return service.deploy().replicas() == null ? 1
                : Math.toIntExact(service.deploy().replicas());
    }
}
