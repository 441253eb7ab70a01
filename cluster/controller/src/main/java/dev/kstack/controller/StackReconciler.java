package dev.kstack.controller;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackStatus;
import dev.kstack.convert.ConversionResult;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One reconcile of one stack: observe (cache) → convert → decide ({@link ChildPlan}, {@link RolloutGate}) → write
 * children as the author → compute status and write it when it changed.
 */
final class StackReconciler {
    static final String NO_AUTHOR = "the stack has no recorded author (annotation " + StackAuthor.ANNOTATION
            + "); nothing is created with the controller's rights";
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
    private static final Duration DENIED_RETRY = Duration.ofSeconds(30);

    private final Function<StackKey, GenericKubernetesResource> stacks;
    private final ChildCache cache;
    private final ChildWriter writer;
    private final KubernetesClient controller;
    private final ControllerMetrics metrics;
    private final Object[] nameLocks = new Object[64];

    StackReconciler(Function<StackKey, GenericKubernetesResource> stacks, ChildCache cache, ChildWriter writer,
            KubernetesClient controller, ControllerMetrics metrics) {
        this.stacks = stacks;
        this.cache = cache;
        this.writer = writer;
        this.controller = controller;
        this.metrics = metrics;
        for (int i = 0; i < nameLocks.length; i++) {
            nameLocks[i] = new Object();
        }
    }

    ReconcileResult reconcile(StackKey key, StackLog log) {
        GenericKubernetesResource resource = stacks.apply(key);
        if (resource == null) {
            log.debug("stack is gone; its children are garbage-collected by their ownerReferences");
            return ReconcileResult.gone();
        }
        Stack stack = StackResources.toStack(resource);
        if (!stack.metadata().deletionTimestamp().isEmpty()) {
            log.debug("stack is being deleted");
            return ReconcileResult.gone();
        }
        long generation = stack.metadata().generation() == null ? 0 : stack.metadata().generation();
        Optional<StackAuthor> author = StackResources.author(stack);
        if (author.isEmpty()) {
            log.warn("no author recorded: Failure");
            return failed(resource, stack, generation, NO_AUTHOR, Optional.empty(), log);
        }
        ConversionResult conversion;
        try {
            ContentDigests digests = ContentDigests.from(stack.metadata().annotations());
            conversion = StackConverter.convert(new StackInput(key.name(), key.namespace(), stack.spec(),
                    digests.secrets(), digests.configs()));
        } catch (InvalidStackException e) {
            log.info("invalid stack: {}", e.getMessage());
            return failed(resource, stack, generation, "invalid stack: " + e.getMessage().replace('\n', ';'),
                    Optional.empty(), log);
        }
        conversion.warnings().forEach(w -> log.debug("{}", w));

        List<HasMetadata> desired = DesiredChildren.of(stack, conversion.objects());
        Set<ChildKey> desiredKeys = desired.stream().map(ChildKey::of).collect(Collectors.toSet());
        List<HasMetadata> owned = cache.children(key).stream()
                .filter(o -> DesiredChildren.controlledBy(o, stack.metadata().uid())).toList();
        List<HasMetadata> workloads = owned.stream().filter(o -> WORKLOAD_KINDS.contains(o.getKind()))
                .filter(o -> desiredKeys.contains(ChildKey.of(o))).toList();
        Map<String, ServiceObservation> observed = ServiceObservations.of(
                stack.spec().services().stream().map(ServiceConfig::name).toList(), workloads, cache.pods(key));
        Map<String, String> waiting = RolloutGate.waiting(conversion.dependencies(), observed);
        ChildPlan plan = ChildPlan.of(desired, owned, waiting.keySet());

        Set<ChildKey> ownedKeys = owned.stream().map(ChildKey::of).collect(Collectors.toSet());
        Optional<String> conflict = conflict(stack, plan, ownedKeys);
        Map<ChildWriter.Outcome, Integer> writes = new EnumMap<>(ChildWriter.Outcome.class);
        try {
            if (conflict.isEmpty()) {
                write(stack, plan, ownedKeys, writer.as(author.get()), writes, log);
            }
        } catch (NameTaken e) {
            conflict = Optional.of(e.getMessage());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            String denied = "denied: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
            log.info("{}", denied);
            return failed(resource, stack, generation, denied, Optional.of(DENIED_RETRY), log);
        }
        if (conflict.isPresent()) {
            log.info("name conflict: {}", conflict.get());
            return failed(resource, stack, generation, conflict.get(), Optional.empty(), log);
        }
        StackStatus status = StatusCalculator.running(generation, stack.spec(), observed, waiting);
        boolean statusWritten = writeStatus(resource, stack, status, log);
        return new ReconcileResult(writes.getOrDefault(ChildWriter.Outcome.CREATED, 0),
                writes.getOrDefault(ChildWriter.Outcome.UPDATED, 0), writes.getOrDefault(ChildWriter.Outcome.DELETED, 0),
                plan.unchanged().size(), statusWritten, status.phase(), Optional.empty());
    }

    private void write(Stack stack, ChildPlan plan, Set<ChildKey> ownedKeys, KubernetesClient asAuthor,
            Map<ChildWriter.Outcome, Integer> writes, StackLog log) {
        for (HasMetadata d : plan.apply()) {
            ChildWriter.Outcome outcome = ownedKeys.contains(ChildKey.of(d))
                    ? writer.apply(asAuthor, d, true) : create(stack, d, asAuthor);
            writes.merge(outcome, 1, Integer::sum);
            metrics.childWrite(d.getKind(), outcome);
            log.info("{} {}", outcome.name().toLowerCase(java.util.Locale.ROOT), ChildKey.of(d));
        }
        for (HasMetadata live : plan.delete()) {
            writes.merge(writer.delete(asAuthor, live), 1, Integer::sum);
            metrics.childWrite(live.getKind(), ChildWriter.Outcome.DELETED);
            log.info("deleted {} (no longer desired)", ChildKey.of(live));
        }
    }

    /**
     * Creates a child no stack controls yet. Two stacks asking for one name race here: the name lock makes the
     * second see the first's object (with a fresh read) instead of taking it over with the same field manager.
     */
    private ChildWriter.Outcome create(Stack stack, HasMetadata desired, KubernetesClient asAuthor) {
        synchronized (nameLocks[Math.floorMod((stack.metadata().namespace() + "/" + ChildKey.of(desired)).hashCode(),
                nameLocks.length)]) {
            Optional<String> taken = conflict(stack, desired);
            if (taken.isPresent()) {
                throw new NameTaken(taken.get());
            }
            return writer.apply(asAuthor, desired, false);
        }
    }

    /** A name another owner holds, found while creating. */
    private static final class NameTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NameTaken(String message) {
            super(message, null, false, false);
        }
    }

    /** A child to be created whose name is taken by an object that this stack does not control. */
    private Optional<String> conflict(Stack stack, ChildPlan plan, Set<ChildKey> ownedKeys) {
        return plan.apply().stream().filter(d -> !ownedKeys.contains(ChildKey.of(d)))
                .map(d -> conflict(stack, d)).flatMap(Optional::stream).findFirst();
    }

    private Optional<String> conflict(Stack stack, HasMetadata desired) {
        ChildKey key = ChildKey.of(desired);
        HasMetadata live = cache.cached(stack.metadata().namespace(), key);
        if (live == null) {
            live = writer.read(desired);
        }
        if (live == null || DesiredChildren.controlledBy(live, stack.metadata().uid())) {
            return Optional.empty();
        }
        Map<String, String> labels = live.getMetadata().getLabels();
        String other = labels == null ? null : labels.get(StackLabels.STACK);
        return Optional.of(key + " already exists" + (other != null && !other.equals(stack.metadata().name())
                ? " in stack \"" + other + "\"" : " and does not belong to this stack"));
    }

    private ReconcileResult failed(GenericKubernetesResource resource, Stack stack, long generation, String reason,
            Optional<Duration> retry, StackLog log) {
        StackStatus status = StatusCalculator.failure(generation, stack.spec(), reason);
        boolean written = writeStatus(resource, stack, status, log);
        return new ReconcileResult(0, 0, 0, 0, written, status.phase(), retry);
    }

    private boolean writeStatus(GenericKubernetesResource resource, Stack stack, StackStatus status, StackLog log) {
        if (status.equals(stack.status())) {
            return false;
        }
        controller.genericKubernetesResources(StackResources.CONTEXT).inNamespace(stack.metadata().namespace())
                .resource(StackResources.withStatus(resource, status)).updateStatus();
        log.info("status {}", status.summary());
        return true;
    }
}
