package dev.kstack.cli;

import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Secrets and ConfigMaps a deploy creates from the {@code file}, {@code content} and {@code environment}
 * sources of the compose files: applied server-side (so a redeploy updates them and never fails with "already
 * exists"), and, with {@code --prune}, removed when the files no longer define them.
 */
final class StackFiles {
    static final String FIELD_MANAGER = "kstack-cli";

    /** What applying one object did. */
    enum Outcome {
        CREATED("created"), UPDATED("updated"), UNCHANGED("unchanged");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        String word() {
            return word;
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String stack;

    StackFiles(KubernetesClient client, String namespace, String stack) {
        this.client = client;
        this.namespace = namespace;
        this.stack = stack;
    }

    /** The Secrets and ConfigMaps among a conversion's objects. */
    static List<HasMetadata> sources(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof Secret || o instanceof ConfigMap).toList();
    }

    Outcome apply(HasMetadata object) {
        object.getMetadata().setNamespace(namespace);
        HasMetadata before = client.resource(object).inNamespace(namespace).get();
        HasMetadata after = client.resource(object).inNamespace(namespace).fieldManager(FIELD_MANAGER)
                .forceConflicts().serverSideApply();
        if (before == null) {
            return Outcome.CREATED;
        }
        return Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
                ? Outcome.UNCHANGED : Outcome.UPDATED;
    }

    /** Deletes the stack's Secrets and ConfigMaps not in {@code keep}; returns "Kind name" of each deleted. */
    List<String> pruneExcept(List<HasMetadata> keep) {
        Set<String> kept = keep.stream().map(o -> o.getKind() + " " + o.getMetadata().getName())
                .collect(Collectors.toSet());
        List<HasMetadata> present = new ArrayList<>();
        present.addAll(client.secrets().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems());
        present.addAll(client.configMaps().inNamespace(namespace).withLabel(StackLabels.STACK, stack).list().getItems());
        List<String> deleted = new ArrayList<>();
        for (HasMetadata o : present) {
            String id = o.getKind() + " " + o.getMetadata().getName();
            if (!kept.contains(id)) {
                client.resource(o).delete();
                deleted.add(id);
            }
        }
        return deleted;
    }
}
