package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a dynamic volume provisioner, so that claims (a StatefulSet's volumeClaimTemplates) bind and their pods
 * can be scheduled. It installs the default StorageClass {@value #STORAGE_CLASS}, answers each pending claim of a
 * class it provisions with a PersistentVolume made for it (kube-controller-manager's binder then binds the two),
 * and deletes released volumes. No storage exists: the volumes are hostPath entries nobody mounts.
 */
public final class VolumeProvisioner implements AutoCloseable {
    public static final String PROVISIONER = "kstack.dev/simulated-volumes";
    public static final String STORAGE_CLASS = "standard";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";

    private static final Logger LOG = LoggerFactory.getLogger(VolumeProvisioner.class);

    private final KubernetesClient client;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;

    public VolumeProvisioner(KubernetesClient client) {
        this.client = client;
    }

    /** Installs the StorageClass and starts answering claims. */
    public VolumeProvisioner start() {
        dev.kstack.testenv.StorageClasses.installDefault(client, STORAGE_CLASS, PROVISIONER);
        claims = client.persistentVolumeClaims().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim claim) {
                provision(claim);
            }

            @Override
            public void onUpdate(PersistentVolumeClaim before, PersistentVolumeClaim claim) {
                provision(claim);
            }

            @Override
            public void onDelete(PersistentVolumeClaim claim, boolean unknownFinalState) {
                // the volume is released and deleted below
            }
        }, 30_000L);
        volumes = client.persistentVolumes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolume volume) {
                reclaim(volume);
            }

            @Override
            public void onUpdate(PersistentVolume before, PersistentVolume volume) {
                reclaim(volume);
            }

            @Override
            public void onDelete(PersistentVolume volume, boolean unknownFinalState) {
                // nothing to clean up: no storage backs a simulated volume
            }
        }, 30_000L);
        return this;
    }

    /** Whether {@code claim} waits for a volume that this provisioner makes. */
    static boolean needsVolume(PersistentVolumeClaim claim) {
        if (claim.getMetadata().getDeletionTimestamp() != null || claim.getSpec() == null) {
            return false;
        }
        String volumeName = claim.getSpec().getVolumeName();
        String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
        String cls = claim.getSpec().getStorageClassName();
        // kube-apiserver's DefaultStorageClass admission gives a claim without a class the default one: ours.
        boolean ours = STORAGE_CLASS.equals(cls);
        return ours && (volumeName == null || volumeName.isEmpty()) && !"Bound".equals(phase);
    }

    /** The volume made for {@code claim}: the requested size and access modes, reserved for that claim. */
    static PersistentVolume volumeFor(PersistentVolumeClaim claim) {
        Quantity size = claim.getSpec().getResources() != null && claim.getSpec().getResources().getRequests() != null
                ? claim.getSpec().getResources().getRequests().get("storage") : null;
        List<String> modes = claim.getSpec().getAccessModes() == null || claim.getSpec().getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce") : claim.getSpec().getAccessModes();
        String ns = claim.getMetadata().getNamespace();
        String name = claim.getMetadata().getName();
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName("pvc-" + claim.getMetadata().getUid())
                .addToAnnotations(PROVISIONED_BY, PROVISIONER)
                .addToLabels("kstack.dev/simulated", "true").endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size == null ? new Quantity("1Gi") : size))
                .withAccessModes(modes)
                .withStorageClassName(STORAGE_CLASS)
                .withPersistentVolumeReclaimPolicy("Delete")
                .withVolumeMode(claim.getSpec().getVolumeMode())
                .withNewHostPath().withPath("/var/lib/kstack-simulated-volumes/" + ns + "/" + name).endHostPath()
                .withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
                        .withNamespace(ns).withName(name).withUid(claim.getMetadata().getUid()).build())
                .endSpec()
                .build();
    }

    private void provision(PersistentVolumeClaim claim) {
        if (!needsVolume(claim)) {
            return;
        }
        PersistentVolume pv = volumeFor(claim);
        try {
            if (client.persistentVolumes().withName(pv.getMetadata().getName()).get() == null) {
                client.persistentVolumes().resource(pv).create();
                LOG.info("provisioned simulated volume {} for claim {}/{}", pv.getMetadata().getName(),
                        claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("cannot provision a volume for claim {}/{}: {}", claim.getMetadata().getNamespace(),
                        claim.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private void reclaim(PersistentVolume volume) {
        boolean ours = volume.getMetadata().getAnnotations() != null
                && PROVISIONER.equals(volume.getMetadata().getAnnotations().get(PROVISIONED_BY));
        String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
        if (ours && ("Released".equals(phase) || "Failed".equals(phase))
                && "Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            client.persistentVolumes().withName(volume.getMetadata().getName()).delete();
            LOG.info("deleted released simulated volume {}", volume.getMetadata().getName());
        }
    }

    @Override
    public void close() {
        if (claims != null) {
            claims.close();
        }
        if (volumes != null) {
            volumes.close();
        }
    }
}
