package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VolumeProvisionerTest {
    private static PersistentVolumeClaim claim(String cls, String volumeName, String phase, boolean deleting) {
        PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-db-0").withNamespace("shop").withUid("u-1")
                .withDeletionTimestamp(deleting ? "2026-11-25T00:00:00Z" : null).endMetadata()
                .withNewSpec().withStorageClassName(cls).withVolumeName(volumeName)
                .withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("2Gi")).endResources()
                .endSpec();
        if (phase != null) {
            b.withNewStatus().withPhase(phase).endStatus();
        }
        return b.build();
    }

    @ParameterizedTest(name = "class={0} volume={1} phase={2} deleting={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
        "standard, -,      Pending, false, true",
        "standard, -,      -,       false, true",
        "standard, pv-1,   Pending, false, false",
        "standard, -,      Bound,   false, false",
        "standard, -,      Pending, true,  false",
        "fast,     -,      Pending, false, false",
        "-,        -,      Pending, false, false",
    })
    void provisionsOnlyPendingClaimsOfItsClass(String cls, String volume, String phase, boolean deleting, boolean expected) {
        assertThat(VolumeProvisioner.needsVolume(claim(cls, volume, phase, deleting))).isEqualTo(expected);
    }

    @Test
    void theVolumeIsReservedForTheClaimWithItsSizeAndModes() {
        PersistentVolume pv = VolumeProvisioner.volumeFor(claim("standard", null, "Pending", false));
        assertThat(pv.getMetadata().getName()).isEqualTo("pvc-u-1");
        assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by",
                VolumeProvisioner.PROVISIONER);
        assertThat(pv.getSpec().getCapacity()).containsEntry("storage", new Quantity("2Gi"));
        assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(pv.getSpec().getStorageClassName()).isEqualTo("standard");
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo("shop");
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("data-db-0");
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("u-1");
        assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
    }
}
