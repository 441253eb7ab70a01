package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.ObjectMeta;
import dev.kstack.api.Stack;
import dev.kstack.api.StackSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildPlanTest {
    private static final Stack STACK = new Stack(null, null, new ObjectMeta("s", null, "ns", null, "uid-1", null, 1L,
            null, null, null, null, null, null, null, null), StackSpec.of(List.of()), null);

    private static HasMetadata deployment(String name, String image) {
        return new DeploymentBuilder().withNewMetadata().withName(name).addToLabels("com.docker.service.name", name)
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withImage(image)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static HasMetadata service(String name, String service) {
        return new ServiceBuilder().withNewMetadata().withName(name).addToLabels("com.docker.service.name", service)
                .endMetadata().build();
    }

    private static List<HasMetadata> desired(HasMetadata... objects) {
        return DesiredChildren.of(STACK, List.of(objects));
    }

    @Test
    void missingChildrenAreApplied() {
        ChildPlan plan = ChildPlan.of(desired(deployment("web", "nginx"), service("web", "web")), List.of(), Set.of());
        assertThat(plan.apply()).extracting(ChildKey::of)
                .containsExactly(new ChildKey("Deployment", "web"), new ChildKey("Service", "web"));
        assertThat(plan.delete()).isEmpty();
    }

    @Test
    void aLiveChildWithTheSameDigestIsNotWrittenAgain() {
        List<HasMetadata> live = desired(deployment("web", "nginx"), service("web", "web"));
        ChildPlan plan = ChildPlan.of(desired(deployment("web", "nginx"), service("web", "web")), live, Set.of());
        assertThat(plan.noWrites()).isTrue();
        assertThat(plan.unchanged()).hasSize(2);
    }

    @Test
    void aChangedChildIsAppliedAndADroppedOneDeleted() {
        List<HasMetadata> live = desired(deployment("web", "nginx:1"), deployment("db", "pg"));
        ChildPlan plan = ChildPlan.of(desired(deployment("web", "nginx:2")), live, Set.of());
        assertThat(plan.apply()).extracting(ChildKey::of).containsExactly(new ChildKey("Deployment", "web"));
        assertThat(plan.delete()).extracting(ChildKey::of).containsExactly(new ChildKey("Deployment", "db"));
    }

    @Test
    void aChildEditedOutsideTheStackKeepsItsDigestButDrifted() {
        HasMetadata edited = desired(deployment("web", "nginx:1")).get(0);
        ((io.fabric8.kubernetes.api.model.apps.Deployment) edited).getSpec().getTemplate().getSpec().getContainers()
                .get(0).setImage("other");
        HasMetadata untouched = desired(service("web", "web")).get(0);
        ChildPlan plan = ChildPlan.of(desired(deployment("web", "nginx:1"), service("web", "web")),
                List.of(edited, untouched), Set.of());
        assertThat(plan.apply()).isEmpty();
        assertThat(plan.unchanged()).containsExactly(new ChildKey("Service", "web"));
        assertThat(plan.drifted()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(new ChildKey("Deployment", "web"));
            assertThat(d.path()).isEqualTo("spec.template.spec.containers[0].image");
        });
        assertThat(plan.noWrites()).isFalse();
        assertThat(plan.repairing(plan.drifted()).apply()).extracting(ChildKey::of)
                .containsExactly(new ChildKey("Deployment", "web"));
    }

    @Test
    void aDeploymentReplacedByAStatefulSetOfTheSameNameIsDeleted() {
        List<HasMetadata> live = desired(deployment("db", "pg"));
        HasMetadata sts = new StatefulSetBuilder().withNewMetadata().withName("db")
                .addToLabels("com.docker.service.name", "db").endMetadata().build();
        ChildPlan plan = ChildPlan.of(desired(sts), live, Set.of());
        assertThat(plan.apply()).extracting(ChildKey::of).containsExactly(new ChildKey("StatefulSet", "db"));
        assertThat(plan.delete()).extracting(ChildKey::of).containsExactly(new ChildKey("Deployment", "db"));
    }

    @Test
    void aHeldServiceIsNeitherWrittenNorDeleted() {
        List<HasMetadata> live = desired(deployment("web", "nginx:1"));
        ChildPlan plan = ChildPlan.of(desired(deployment("web", "nginx:2"), service("web", "web")), live,
                Set.of("web"));
        assertThat(plan.noWrites()).isTrue();
        assertThat(plan.held()).hasSize(2);
    }

    @Test
    void desiredChildrenAreOwnedByTheStackAsController() {
        HasMetadata d = desired(deployment("web", "nginx")).get(0);
        assertThat(d.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(DesiredChildren.controlledBy(d, "uid-1")).isTrue();
        assertThat(DesiredChildren.controlledBy(d, "uid-2")).isFalse();
        assertThat(d.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion()).isTrue();
        assertThat(DesiredChildren.digestOf(d)).hasSize(32)
                .isNotEqualTo(DesiredChildren.digestOf(desired(deployment("web", "nginx:2")).get(0)));
    }
}
