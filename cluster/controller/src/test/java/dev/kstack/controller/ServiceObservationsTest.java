package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceObservationsTest {
    private static HasMetadata deployment(String name, int replicas, int updated, long generation, long observed) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withGeneration(generation)
                .addToLabels("com.docker.service.name", name).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
                .endStatus().build();
    }

    @Test
    void countsPodsOfEachServiceByState() {
        Map<String, ServiceObservation> o = ServiceObservations.of(List.of("web", "db"),
                List.of(deployment("web", 4, 4, 1, 1)),
                List.of(Pods.ready("w1", "web"), Pods.running("w2", "web"), Pods.pending("w3", "web"),
                        Pods.waiting("w4", "web", "ImagePullBackOff"), Pods.ready("other", "api")));
        assertThat(o.get("web")).isEqualTo(new ServiceObservation("web", "Deployment", true, 4, 1, 1, 1, 0, 1,
                List.of(new ServiceObservation.PodFailure("w4", "ImagePullBackOff", ""))));
        assertThat(o.get("db").exists()).isFalse();
    }

    @Test
    void aDeploymentWhoseControllerHasNotSeenTheNewGenerationIsNotSettled() {
        var o = ServiceObservations.of(List.of("web"), List.of(deployment("web", 1, 1, 2, 1)), List.of());
        assertThat(o.get("web").settled()).isFalse();
        var rolling = ServiceObservations.of(List.of("web"), List.of(deployment("web", 3, 1, 2, 2)), List.of());
        assertThat(rolling.get("web").settled()).isFalse();
    }

    @Test
    void aServiceWhoseWorkloadIsBeingRewrittenIsNotAvailableThoughTheCachedWorkloadIs() {
        Map<String, ServiceObservation> observed = ServiceObservations.of(List.of("web", "db"),
                List.of(deployment("web", 1, 1, 1, 1), deployment("db", 1, 1, 1, 1)),
                List.of(Pods.ready("w1", "web"), Pods.ready("d1", "db")));
        assertThat(observed.values()).allMatch(ServiceObservation::available);

        // this reconcile writes web's new pod template and db's Service (not its workload)
        Map<String, ServiceObservation> after = ServiceObservations.afterWrites(observed, List.of(
                deployment("web", 1, 1, 2, 1), new ServiceBuilder().withNewMetadata().withName("db")
                        .addToLabels("com.docker.service.name", "db").endMetadata().build()));

        assertThat(after.get("web").available()).isFalse();
        assertThat(after.get("web").healthy()).as("its old pods still count for depends_on").isTrue();
        assertThat(after.get("db")).isEqualTo(observed.get("db"));
    }
}
