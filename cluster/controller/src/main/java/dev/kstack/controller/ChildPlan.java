package dev.kstack.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What to write for a stack, decided from desired and live objects without touching the cluster: which desired
 * children to apply (missing, or stamped with another digest), which are unchanged, which drifted (stamped with the
 * desired digest, but a field kstack writes was changed by someone else: {@link Drift}), which are held back by the
 * rollout order, and which live children of the stack are no longer desired and must be deleted (a dropped
 * service, or a Deployment replaced by a StatefulSet of the same name). Drifted children are not in {@code apply}:
 * the caller decides which to repair ({@link #repairing}).
 */
public record ChildPlan(List<HasMetadata> apply, List<ChildKey> unchanged, List<Drifted> drifted, List<ChildKey> held,
        List<HasMetadata> delete) {
    public ChildPlan {
        apply = List.copyOf(apply);
        unchanged = List.copyOf(unchanged);
        drifted = List.copyOf(drifted);
        held = List.copyOf(held);
        delete = List.copyOf(delete);
    }

    /** A live child with the desired digest, one of whose fields no longer holds what kstack wrote. */
    public record Drifted(HasMetadata desired, HasMetadata live, Drift.Difference difference) {
        public ChildKey key() {
            return ChildKey.of(desired);
        }

        /** The first differing field, such as {@code spec.replicas}. */
        public String path() {
            return difference.path();
        }
    }

    /**
     * @param desired the stamped desired children ({@link DesiredChildren#of})
     * @param owned live children controlled by this stack
     * @param heldServices services that may not be created or updated yet (their live objects are kept as they are)
     */
    public static ChildPlan of(List<HasMetadata> desired, Collection<HasMetadata> owned, Set<String> heldServices) {
        return of(desired, owned, d -> {
            String service = ServiceObservations.serviceOf(d);
            return service != null && heldServices.contains(service);
        });
    }

    /**
     * @param isHeld the desired children that may not be created or updated yet (their live objects are kept as they
     *        are): those of the services held back by the rollout order, or workloads waiting for addresses
     */
    public static ChildPlan of(List<HasMetadata> desired, Collection<HasMetadata> owned, Predicate<HasMetadata> isHeld) {
        Map<ChildKey, HasMetadata> live = owned.stream()
                .collect(Collectors.toMap(ChildKey::of, Function.identity(), (a, b) -> a));
        List<HasMetadata> apply = new ArrayList<>();
        List<ChildKey> unchanged = new ArrayList<>();
        List<Drifted> drifted = new ArrayList<>();
        List<ChildKey> held = new ArrayList<>();
        Set<ChildKey> keep = new TreeSet<>();
        for (HasMetadata d : desired) {
            ChildKey key = ChildKey.of(d);
            keep.add(key);
            Optional<HasMetadata> current = Optional.ofNullable(live.get(key));
            if (isHeld.test(d)) {
                held.add(key);
            } else if (current.isPresent()
                    && DesiredChildren.digestOf(current.get()).equals(DesiredChildren.digestOf(d))) {
                Optional<Drift.Difference> drift = Drift.of(d, current.get());
                if (drift.isPresent()) {
                    drifted.add(new Drifted(d, current.get(), drift.get()));
                } else {
                    unchanged.add(key);
                }
            } else {
                apply.add(d);
            }
        }
        List<HasMetadata> delete = live.entrySet().stream().filter(e -> !keep.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
        return new ChildPlan(apply, unchanged, drifted, held, delete);
    }

    /** This plan with the desired objects of {@code repairs} (some of {@link #drifted}) applied too. */
    public ChildPlan repairing(List<Drifted> repairs) {
        List<HasMetadata> all = new ArrayList<>(apply);
        repairs.forEach(r -> all.add(r.desired()));
        return new ChildPlan(all, unchanged, drifted, held, delete);
    }

    /** Whether nothing needs writing: nothing to apply, to repair or to delete. */
    public boolean noWrites() {
        return apply.isEmpty() && drifted.isEmpty() && delete.isEmpty();
    }
}
