package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.apiserver.ApiServiceManifests;
import dev.kstack.apiserver.InClusterManifests;
import dev.kstack.server.HighAvailability;
import dev.kstack.server.InstallManifests;
import dev.kstack.server.ServingCa;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster servers stay available through the loss of a pod or a node, and their registrations cannot block
 * writes of anything but Stacks: replicas, spread, disruption budget and webhook rules as install renders them.
 */
class ServerAvailabilityTest {
    private static final ServingCa CA = ServingCa.generate();

    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("CRD mode", Installer.inCluster("ops", "img:1", 2, CA), InstallManifests.NAME),
                Arguments.of("apiserver mode", Installer.inClusterApiServer(new InClusterManifests.Options("ops",
                        "img:1", 2, List.of(), "etcd:3"), CA), ApiServiceManifests.NAME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theServerRunsTwoReplicasPreferablyOnDifferentNodesWithABudgetOfOneDisruption(String mode,
            List<HasMetadata> objects, String server) {
        Deployment d = only(objects, Deployment.class, server);
        var labels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        var anti = d.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).as("required would leave pods Pending"
                + " on a one-node cluster").isNullOrEmpty();
        assertThat(anti.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(t -> {
            assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo(HighAvailability.NODE_TOPOLOGY);
            assertThat(labels).containsAllEntriesOf(t.getPodAffinityTerm().getLabelSelector().getMatchLabels());
        });

        PodDisruptionBudget pdb = only(objects, PodDisruptionBudget.class, server);
        assertThat(pdb.getMetadata().getNamespace()).isEqualTo("ops");
        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(labels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void admissionWebhooksMatchOnlyStacksSoTheirFailurePolicyCannotBlockOtherWrites() {
        List<HasMetadata> objects = Installer.inCluster("ops", "img:1", 2, CA);
        var mutating = only(objects, MutatingWebhookConfiguration.class, InstallManifests.NAME).getWebhooks();
        var validating = only(objects, ValidatingWebhookConfiguration.class, InstallManifests.NAME).getWebhooks();
        List<RuleWithOperations> rules = Stream.concat(mutating.stream().flatMap(w -> w.getRules().stream()),
                validating.stream().flatMap(w -> w.getRules().stream())).toList();
        assertThat(rules).hasSize(2).allSatisfy(r -> {
            assertThat(r.getApiGroups()).containsExactly("compose.docker.com");
            assertThat(r.getResources()).containsExactly("stacks");
        });
        assertThat(Stream.concat(mutating.stream().map(w -> w.getFailurePolicy()),
                validating.stream().map(w -> w.getFailurePolicy()))).containsOnly("Fail");
    }

    @Test
    void theCrdAnUninstallKeepsServesOnlyTheStorageVersionWithoutAWebhook() {
        var kept = StackCrd.storageOnly();
        var full = only(Installer.inCluster("ops", "img:1", 2, CA),
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class, StackCrd.NAME);
        assertThat(kept.getSpec().getConversion().getStrategy()).isEqualTo("None");
        assertThat(kept.getSpec().getConversion().getWebhook()).isNull();
        assertThat(kept.getSpec().getVersions()).filteredOn(CustomResourceDefinitionVersion::getServed)
                .extracting(CustomResourceDefinitionVersion::getName).containsExactly(StackCrd.storageVersion());
        assertThat(kept.getSpec().getVersions()).filteredOn(CustomResourceDefinitionVersion::getStorage)
                .extracting(CustomResourceDefinitionVersion::getName).containsExactly(StackCrd.storageVersion());
        // the schemas stay, so that reinstalling (which serves every version again) changes only served and conversion
        assertThat(kept.getSpec().getVersions()).extracting(v -> Serialization.asJson(v.getSchema()))
                .isEqualTo(full.getSpec().getVersions().stream().map(v -> Serialization.asJson(v.getSchema())).toList());
        assertThat(full.getSpec().getConversion().getStrategy()).isEqualTo("Webhook");
    }

    @Test
    void installWarnsWhenOneReplicaIsChosenAndDefaultsToTwo() {
        Cli.Run one = Cli.run("install", "--dry-run", "-n", "ops", "--replicas", "1");
        assertThat(one.exit()).isZero();
        assertThat(one.err()).contains("warning: --replicas 1", "garbage collection for the whole cluster");

        Cli.Run byDefault = Cli.run("install", "--dry-run", "-n", "ops");
        assertThat(byDefault.exit()).isZero();
        assertThat(byDefault.err()).doesNotContain("warning");
        assertThat(byDefault.out()).contains("replicas: 2", "kind: PodDisruptionBudget").doesNotContain("replicas: 1");
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).reduce((a, b) -> {
                    throw new AssertionError("two " + type.getSimpleName() + "s named " + name);
                }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }
}
