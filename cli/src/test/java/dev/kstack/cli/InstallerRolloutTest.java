package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When an install's Deployments count as ready: their latest spec rolled out to every replica (kubectl's rule). */
class InstallerRolloutTest {

    @ParameterizedTest(name = "generation {0}, observed {1}, replicas {2}: {3} total, {4} updated, {5} available")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            2 | 1 | 2 | 2 | 2 | 2 | its new spec is not yet seen by the Deployment controller
            2 | - | 2 | - | - | - | its new spec is not yet seen by the Deployment controller
            2 | 2 | 2 | 3 | 1 | 2 | 1 of 2 updated
            2 | 2 | 2 | 3 | 2 | 2 | 1 old replica still running
            2 | 2 | 2 | 4 | 2 | 2 | 2 old replicas still running
            2 | 2 | 2 | 2 | 2 | 1 | 1 of 2 available
            2 | 2 | 2 | 2 | 2 | - | 0 of 2 available
            2 | 2 | 2 | 2 | 2 | 2 | ''
            3 | 3 | - | 1 | 1 | 1 | ''
            """)
    void aDeploymentIsReadyOnlyWhenItsLatestSpecRunsOnEveryReplica(long generation, Long observed, Integer replicas,
            Integer total, Integer updated, Integer available, String expected) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("kstack-server").withGeneration(generation)
                .endMetadata().withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(total).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).endStatus().build();

        assertThat(Installer.rolloutPending(d)).isEqualTo(expected);
    }

    @Test
    void aMissingDeploymentIsNotReady() {
        assertThat(Installer.rolloutPending(null)).isEqualTo("not found");
    }
}
