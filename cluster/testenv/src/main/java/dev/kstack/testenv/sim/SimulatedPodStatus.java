package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The status a simulated pod should have now, and when it should be looked at again.
 *
 * @param status       the desired pod status
 * @param nextChange   when the desired status will change next by the passage of time alone (empty: it won't)
 */
public record SimulatedPodStatus(PodStatus status, Optional<Instant> nextChange) {
    public SimulatedPodStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextChange, "nextChange");
    }
}
