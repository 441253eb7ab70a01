package dev.kstack.testenv.realnode;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** Informer handlers for the node services, which react to an object's latest state and to its deletion. */
final class Informers {
    private Informers() {
    }

    /** Calls {@code current} with the object after an add or an update, and {@code deleted} after a deletion. */
    static <T> ResourceEventHandler<T> handler(Consumer<T> current, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                current.accept(obj);
            }

            @Override
            public void onUpdate(T before, T after) {
                current.accept(after);
            }

            @Override
            public void onDelete(T obj, boolean unknownFinalState) {
                deleted.accept(obj);
            }
        };
    }
}
