package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.controller.PodState.Kind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodStateTest {
    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of(Pods.ready("p", "web"), Kind.READY, "", ""),
                Arguments.of(Pods.running("p", "web"), Kind.RUNNING, "", ""),
                Arguments.of(Pods.pending("p", "web"), Kind.PENDING, "", ""),
                Arguments.of(Pods.succeeded("p", "web"), Kind.SUCCEEDED, "", ""),
                Arguments.of(Pods.waiting("p", "web", "CrashLoopBackOff"), Kind.FAILED, "CrashLoopBackOff", ""),
                Arguments.of(Pods.waiting("p", "web", "ImagePullBackOff"), Kind.FAILED, "ImagePullBackOff", ""),
                Arguments.of(Pods.waiting("p", "web", "ContainerCreating"), Kind.PENDING, "", ""),
                Arguments.of(Pods.unschedulable("p", "web"), Kind.FAILED, "Unschedulable", ""),
                Arguments.of(Pods.unschedulable("p", "web", "0/2 nodes are available: 2 node(s) didn't match node"
                        + " selector.\n"), Kind.FAILED, "Unschedulable",
                        "0/2 nodes are available: 2 node(s) didn't match node selector."),
                Arguments.of(new PodBuilder(Pods.ready("p", "web")).editStatus().withPhase("Failed").withReason(null)
                        .endStatus().build(), Kind.FAILED, "Failed", "exited with an error"),
                Arguments.of(new PodBuilder(Pods.ready("p", "web")).editMetadata()
                        .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build(), Kind.TERMINATING, "", ""));
    }

    @ParameterizedTest
    @MethodSource("pods")
    void classifiesPods(Pod pod, Kind kind, String reason, String message) {
        assertThat(PodState.of(pod)).isEqualTo(new PodState(kind, reason, message));
    }

    @Test
    void aPodWaitingForItsClaimsIsPendingForTheBoundedWaitThenFailsNamingTheClaims() {
        Instant heldBack = Instant.parse("2026-12-03T08:00:00Z");
        Pod pod = new PodBuilder(Pods.unschedulable("db-0", "db",
                "0/1 nodes are available: 1 pod has unbound immediate PersistentVolumeClaims."))
                .editStatus().editFirstCondition().withLastTransitionTime(heldBack.toString()).endCondition().endStatus()
                .editOrNewSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName("db-data-db-0").endPersistentVolumeClaim().endVolume().endSpec().build();

        Instant early = heldBack.plus(PodState.CLAIM_BINDING_WAIT).minusSeconds(1);
        assertThat(PodState.of(pod, early)).isEqualTo(
                new PodState(Kind.PENDING, "", "waiting for its volume claims to be bound: db-data-db-0"));
        assertThat(PodState.waitingForClaims(pod, early)).isTrue();

        Instant late = heldBack.plus(PodState.CLAIM_BINDING_WAIT);
        assertThat(PodState.of(pod, late)).isEqualTo(
                new PodState(Kind.FAILED, "Unschedulable", "volume claims not bound after 2 min: db-data-db-0"));
        assertThat(PodState.waitingForClaims(pod, late)).isFalse();
        // other causes fail at once, as before
        assertThat(PodState.waitingForClaims(Pods.unschedulable("p", "web", "0/1 nodes are available: 1 Too many pods."),
                early)).isFalse();
    }
}
