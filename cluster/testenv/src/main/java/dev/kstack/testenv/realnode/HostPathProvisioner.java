package dev.kstack.testenv.realnode;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real node's storage: the default StorageClass {@value #STORAGE_CLASS} (binding Immediate: there is one node),
 * a directory under the node's volume folder and a hostPath PersistentVolume on it for each pending claim of that
 * class, and, once a claim is deleted and its volume Released, the directory and the volume deleted.
 */
final class HostPathProvisioner implements AutoCloseable {
    static final String PROVISIONER = "kstack.dev/host-path";
    static final String STORAGE_CLASS = "standard";
    private static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    private static final Logger LOG = LoggerFactory.getLogger(HostPathProvisioner.class);

    private final KubernetesClient client;
    private final Path volumes;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> pvs;

    HostPathProvisioner(KubernetesClient client, Path volumes) {
        this.client = client;
        this.volumes = volumes;
    }

    HostPathProvisioner start() {
        dev.kstack.testenv.StorageClasses.installDefault(client, STORAGE_CLASS, PROVISIONER);
        // a deleted claim's volume turns Released: reclaim() deletes it then
        claims = client.persistentVolumeClaims().inAnyNamespace()
                .inform(Informers.handler(this::provision, c -> { }), 30_000L);
        pvs = client.persistentVolumes().inform(Informers.handler(this::reclaim, v -> { }), 30_000L);
        return this;
    }

    private void provision(PersistentVolumeClaim claim) {
        boolean pending = claim.getMetadata().getDeletionTimestamp() == null && claim.getSpec() != null
                && STORAGE_CLASS.equals(claim.getSpec().getStorageClassName())
                && (claim.getSpec().getVolumeName() == null || claim.getSpec().getVolumeName().isEmpty());
        if (!pending) {
            return;
        }
        String name = "pvc-" + claim.getMetadata().getUid();
        Path dir = volumes.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            if (client.persistentVolumes().withName(name).get() != null) {
                return;
            }
            client.persistentVolumes().resource(volumeFor(claim, name, dir)).create();
            LOG.info("provisioned {} on {} for claim {}/{}", name, dir, claim.getMetadata().getNamespace(),
                    claim.getMetadata().getName());
        } catch (IOException e) {
            LOG.warn("cannot create {}: {}", dir, e.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warn("cannot provision claim {}/{}: {}", claim.getMetadata().getNamespace(),
                        claim.getMetadata().getName(), e.getMessage());
            }
        }
    }

    static PersistentVolume volumeFor(PersistentVolumeClaim claim, String name, Path dir) {
        Quantity size = claim.getSpec().getResources() != null && claim.getSpec().getResources().getRequests() != null
                ? claim.getSpec().getResources().getRequests().get("storage") : null;
        List<String> modes = claim.getSpec().getAccessModes() == null || claim.getSpec().getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce") : claim.getSpec().getAccessModes();
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name).addToAnnotations(PROVISIONED_BY, PROVISIONER).endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", size == null ? new Quantity("1Gi") : size))
                .withAccessModes(modes)
                .withStorageClassName(STORAGE_CLASS)
                .withPersistentVolumeReclaimPolicy("Delete")
                .withVolumeMode(claim.getSpec().getVolumeMode())
                .withNewHostPath().withPath(dir.toString()).withType("Directory").endHostPath()
                .withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
                        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .withUid(claim.getMetadata().getUid()).build())
                .endSpec()
                .build();
    }

    private void reclaim(PersistentVolume v) {
        boolean ours = v.getMetadata().getAnnotations() != null
                && PROVISIONER.equals(v.getMetadata().getAnnotations().get(PROVISIONED_BY));
        String phase = v.getStatus() == null ? null : v.getStatus().getPhase();
        if (!ours || !("Released".equals(phase) || "Failed".equals(phase))
                || !"Delete".equals(v.getSpec().getPersistentVolumeReclaimPolicy()) || v.getSpec().getHostPath() == null) {
            return;
        }
        Path dir = Path.of(v.getSpec().getHostPath().getPath());
        if (!dir.normalize().startsWith(volumes.normalize())) {
            LOG.warn("volume {} points outside {}; not deleting {}", v.getMetadata().getName(), volumes, dir);
            return;
        }
        try (Stream<Path> s = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
            return;
        }
        client.persistentVolumes().withName(v.getMetadata().getName()).delete();
        LOG.info("deleted released volume {} and {}", v.getMetadata().getName(), dir);
    }

    @Override
    public void close() {
        if (claims != null) {
            claims.close();
        }
        if (pvs != null) {
            pvs.close();
        }
    }
}
