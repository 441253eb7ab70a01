package dev.kstack.controller;

import dev.kstack.api.StackAuthor;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a stack's children as the stack's author: server-side apply with field manager {@value #FIELD_MANAGER},
 * and deletes. The impersonating client shares the controller client's connections; only the request headers
 * ({@code Impersonate-User}, {@code -Group}, {@code -Extra-*}) differ.
 */
final class ChildWriter {
    static final String FIELD_MANAGER = "kstack";

    /** What a write did; {@code REFUSED}: a repair kube-apiserver refused as invalid, nothing was written. */
    enum Outcome { CREATED, UPDATED, DELETED, REFUSED }

    private static final int MAX_CACHED_AUTHORS = 256;
    private static final int INVALID = 422;

    private final KubernetesClient controller;
    private final Map<StackAuthor, KubernetesClient> authors = new ConcurrentHashMap<>();

    ChildWriter(KubernetesClient controller) {
        this.controller = controller;
    }

    /** A client whose every request is made as {@code author} (kept for the next reconcile of the author's stacks). */
    KubernetesClient as(StackAuthor author) {
        KubernetesClient client = authors.get(author);
        if (client == null) {
            if (authors.size() >= MAX_CACHED_AUTHORS) {
                authors.clear();
            }
            client = authors.computeIfAbsent(author, this::impersonating);
        }
        return client;
    }

    private KubernetesClient impersonating(StackAuthor author) {
        RequestConfig base = controller.getConfiguration().getRequestConfig();
        RequestConfigBuilder b = base == null ? new RequestConfigBuilder() : new RequestConfigBuilder(base);
        RequestConfig rc = b.withImpersonateUsername(author.userName())
                .withImpersonateGroups(author.groups().toArray(String[]::new))
                .withImpersonateExtras(author.extra()).build();
        return controller.newClient(rc).adapt(KubernetesClient.class);
    }

    Outcome apply(KubernetesClient author, HasMetadata desired, boolean exists) {
        author.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return exists ? Outcome.UPDATED : Outcome.CREATED;
    }

    /**
     * Writes a drifted child back. When server-side apply is refused as invalid because a list element's key field
     * was changed by another manager (a Service port renumbered: its element and kstack's would share a name), the
     * list is first replaced by what kstack writes ({@link Drift.Difference#listPatch}), then applied again.
     */
    Outcome repair(KubernetesClient author, ChildPlan.Drifted drifted) {
        try {
            return apply(author, drifted.desired(), true);
        } catch (KubernetesClientException e) {
            var patch = drifted.difference().listPatch(drifted.live().getMetadata().getResourceVersion());
            if (e.getCode() != INVALID || patch.isEmpty()) {
                throw e;
            }
            author.resource(drifted.desired()).patch(PatchContext.of(PatchType.JSON), patch.get());
            return apply(author, drifted.desired(), true);
        }
    }

    Outcome delete(KubernetesClient author, HasMetadata live) {
        author.resource(live).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return Outcome.DELETED;
    }

    /** The live object with the name and kind of {@code desired}, read with the controller's rights (or null). */
    HasMetadata read(HasMetadata desired) {
        return controller.resource(desired).get();
    }
}
