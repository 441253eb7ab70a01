package dev.kstack.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** Server-side apply with kstack's field manager, reporting as kubectl does: created, configured or unchanged. */
final class Applier {
    static final String FIELD_MANAGER = "kstack-install";

    private final KubernetesClient client;

    Applier(KubernetesClient client) {
        this.client = client;
    }

    /** Applies the object; returns {@code kind/name created|configured|unchanged}. */
    String apply(HasMetadata object) {
        HasMetadata before = client.resource(object).get();
        HasMetadata after = client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        String word = before == null ? "created"
                : Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
                        ? "unchanged" : "configured";
        return describe(object) + " " + word;
    }

    /** Deletes the object if present; returns {@code kind/name deleted}, or empty when there was none. */
    String delete(HasMetadata object) {
        return client.resource(object).delete().isEmpty() ? "" : describe(object) + " deleted";
    }

    static String describe(HasMetadata o) {
        return o.getKind().toLowerCase() + "/" + o.getMetadata().getName();
    }
}
