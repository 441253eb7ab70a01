package dev.kstack.testenv;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Installs the local cluster's default StorageClass, whose provisioner depends on the nodes (simulated or real). */
public final class StorageClasses {
    private StorageClasses() {
    }

    /** Installs the default class {@code name} of {@code provisioner}: volumes deleted with their claim, bound at once. */
    public static void installDefault(KubernetesClient client, String name, String provisioner) {
        install(client, new StorageClassBuilder()
                .withNewMetadata().withName(name)
                .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
                .withProvisioner(provisioner)
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode("Immediate")
                .build());
    }

    /**
     * Creates {@code wanted}, or updates the class of that name; a class with another provisioner (left in etcd by the
     * other kind of node: the provisioner of a class cannot change) is deleted and created anew.
     */
    public static void install(KubernetesClient client, StorageClass wanted) {
        var existing = client.storage().v1().storageClasses().withName(wanted.getMetadata().getName()).get();
        if (existing != null && !wanted.getProvisioner().equals(existing.getProvisioner())) {
            client.storage().v1().storageClasses().withName(wanted.getMetadata().getName()).withGracePeriod(0).delete();
            Await.until(java.time.Duration.ofSeconds(30), "the old StorageClass " + wanted.getMetadata().getName() + " gone",
                    () -> client.storage().v1().storageClasses().withName(wanted.getMetadata().getName()).get() == null);
        }
        client.storage().v1().storageClasses().resource(wanted).createOr(r -> r.update());
    }
}
