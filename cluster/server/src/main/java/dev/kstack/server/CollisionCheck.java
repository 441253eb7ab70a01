package dev.kstack.server;

import dev.kstack.api.Stack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collision check of the contract: an object the stack would create (workload, Service, ...) that already exists
 * and belongs to no stack or to another stack is refused, naming it. An object belongs to a stack when it carries the
 * label {@value #STACK_LABEL} with the stack's name and no ownerReference to a different Stack.
 */
public final class CollisionCheck {
    public static final String STACK_LABEL = "com.docker.stack.namespace";
    public static final String SERVICE_LABEL = "com.docker.service.name";

    /** Reads the metadata of the live object with the kind, namespace and name of {@code desired}, if any. */
    @FunctionalInterface
    public interface LiveObjects {
        Optional<ObjectMeta> find(String namespace, HasMetadata desired);
    }

    private final LiveObjects live;

    public CollisionCheck(LiveObjects live) {
        this.live = live;
    }

    /** Looks objects up with the server's own client. */
    public static CollisionCheck using(KubernetesClient client) {
        return new CollisionCheck((namespace, desired) -> Optional.ofNullable(
                client.resources(desired.getClass()).inNamespace(namespace).withName(desired.getMetadata().getName())
                        .get()).map(HasMetadata::getMetadata));
    }

    /** One message per colliding object; empty when the stack may create all of them. */
    public List<String> collisions(String namespace, String stackName, List<HasMetadata> desired) {
        List<String> out = new ArrayList<>();
        for (HasMetadata object : desired) {
            live.find(namespace, object).flatMap(meta -> owner(meta, stackName)).ifPresent(owner -> {
                String service = labels(object.getMetadata()).getOrDefault(SERVICE_LABEL, "");
                String prefix = service.isEmpty() ? "" : "service \"" + service + "\": ";
                out.add(prefix + object.getKind() + " \"" + object.getMetadata().getName() + "\" already exists "
                        + owner + " in namespace \"" + namespace + "\"");
            });
        }
        return out;
    }

    /** Why the live object is not the stack's ("in stack X", "and belongs to no stack"), or empty when it is. */
    private static Optional<String> owner(ObjectMeta live, String stackName) {
        for (OwnerReference ref : live.getOwnerReferences() == null ? List.<OwnerReference>of()
                : live.getOwnerReferences()) {
            boolean isStack = Stack.KIND.equals(ref.getKind())
                    && ref.getApiVersion() != null && ref.getApiVersion().startsWith(Stack.GROUP + "/");
            if (isStack && !stackName.equals(ref.getName())) {
                return Optional.of("in stack \"" + ref.getName() + "\"");
            }
        }
        String label = labels(live).get(STACK_LABEL);
        if (label == null) {
            return Optional.of("and belongs to no stack");
        }
        return label.equals(stackName) ? Optional.empty() : Optional.of("in stack \"" + label + "\"");
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta.getLabels() == null ? Map.of() : meta.getLabels();
    }
}
