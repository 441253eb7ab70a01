package dev.kstack.controller;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackStatus;
import dev.kstack.convert.ConversionResult;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.ServiceNames;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One reconcile of one stack: observe (cache) → convert → decide ({@link ChildPlan}, {@link RolloutGate}) → write
 * children as the author → compute status and write it when it changed. The children of one reconcile are written
 * concurrently on the {@code writes} executor (first the name checks of the new ones, then every apply, then every
 * delete), so a stack's rollout costs a few round trips to kube-apiserver rather than one or two per child.
 */
final class StackReconciler {
    static final String NO_AUTHOR = "the stack has no recorded author (annotation " + StackAuthor.ANNOTATION
            + "); nothing is created with the controller's rights";
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");
    private static final int INVALID = 422;
    private static final Duration DENIED_RETRY = Duration.ofSeconds(30);
    private static final Duration CONFLICT_RETRY = Duration.ofSeconds(30);
    /** While a pod waits for its claims, look again this often: its wait may end with no event to say so. */
    private static final Duration CLAIM_RECHECK = Duration.ofSeconds(15);

    private final Function<StackKey, GenericKubernetesResource> stacks;
    private final ChildCache cache;
    private final ChildWriter writer;
    private final KubernetesClient controller;
    private final ControllerMetrics metrics;
    private final Executor writes;
    private final DriftGuard drift = new DriftGuard();
    /** Guards the check-and-claim of new children's names ({@link #claimAll}); held for in-memory work only. */
    private final Object claimLock = new Object();

    StackReconciler(Function<StackKey, GenericKubernetesResource> stacks, ChildCache cache, ChildWriter writer,
            KubernetesClient controller, ControllerMetrics metrics, Executor writes) {
        this.stacks = stacks;
        this.cache = cache;
        this.writer = writer;
        this.controller = controller;
        this.metrics = metrics;
        this.writes = writes;
    }

    ReconcileResult reconcile(StackKey key, StackLog log) {
        GenericKubernetesResource resource = stacks.apply(key);
        if (resource == null) {
            log.debug("stack is gone; its children are garbage-collected by their ownerReferences");
            drift.forget(key);
            return ReconcileResult.gone();
        }
        Stack stack = StackResources.toStack(resource);
        if (!stack.metadata().deletionTimestamp().isEmpty()) {
            log.debug("stack is being deleted");
            drift.forget(key);
            return ReconcileResult.gone();
        }
        long generation = stack.metadata().generation() == null ? 0 : stack.metadata().generation();
        Optional<StackAuthor> author = StackResources.author(stack);
        if (author.isEmpty()) {
            log.warn("no author recorded: Failure");
            return failed(stack, generation, NO_AUTHOR, Optional.empty(), log);
        }
        List<HasMetadata> owned = cache.children(key).stream()
                .filter(o -> DesiredChildren.controlledBy(o, stack.metadata().uid())).toList();
        ConversionResult conversion;
        try {
            ContentDigests digests = ContentDigests.from(stack.metadata().annotations());
            conversion = StackConverter.convert(new StackInput(key.name(), key.namespace(), stack.spec(),
                    digests.secrets(), digests.configs(), ServiceAddresses.of(ServiceNames.of(stack.spec()), owned)));
        } catch (InvalidStackException e) {
            log.info("invalid stack: {}", e.getMessage());
            return failed(stack, generation, "invalid stack: " + e.getMessage().replace('\n', ';'),
                    Optional.empty(), log);
        }
        conversion.warnings().forEach(w -> log.debug("{}", w));

        List<HasMetadata> desired = DesiredChildren.of(stack, conversion.objects());
        Set<ChildKey> desiredKeys = desired.stream().map(ChildKey::of).collect(Collectors.toSet());
        List<HasMetadata> workloads = owned.stream().filter(o -> WORKLOAD_KINDS.contains(o.getKind()))
                .filter(o -> desiredKeys.contains(ChildKey.of(o))).toList();
        Map<String, ServiceObservation> observed = ServiceObservations.of(
                stack.spec().services().stream().map(ServiceConfig::name).toList(), workloads, cache.pods(key));
        Map<String, String> waiting = RolloutGate.waiting(conversion.dependencies(), observed);
        // Until every renamed service's Service has its ClusterIP, the pods could not resolve the compose names:
        // the Services are written, the workloads wait (and keep running as they are).
        boolean unresolved = !conversion.unresolved().isEmpty();
        ChildPlan plan = ChildPlan.of(desired, owned, d -> waiting.containsKey(ServiceObservations.serviceOf(d))
                || (unresolved && WORKLOAD_KINDS.contains(d.getKind())));
        plan = plan.repairing(repairs(key, generation, plan, log));
        Map<String, String> messages = unresolved ? ServiceAddresses.waiting(stack.spec(), waiting,
                conversion.unresolved()) : waiting;

        Set<ChildKey> ownedKeys = owned.stream().map(ChildKey::of).collect(Collectors.toSet());
        List<HasMetadata> created = plan.apply().stream().filter(d -> !ownedKeys.contains(ChildKey.of(d))).toList();
        Optional<String> conflict = conflict(stack, created).or(() -> claimAll(stack, created));
        Map<ChildWriter.Outcome, Integer> writes = new EnumMap<>(ChildWriter.Outcome.class);
        try {
            if (conflict.isEmpty()) {
                write(stack, generation, plan, ownedKeys, writer.as(author.get()), writes, log);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            String denied = "denied: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
            log.info("{}", denied);
            return failed(stack, generation, denied, Optional.of(DENIED_RETRY), log);
        }
        if (conflict.isPresent()) {
            log.info("name conflict: {}", conflict.get());
            return failed(stack, generation, conflict.get(), Optional.of(CONFLICT_RETRY), log);
        }
        StackStatus status = StatusCalculator.running(generation, stack.spec(),
                ServiceObservations.afterWrites(observed, plan.apply()), messages);
        boolean statusWritten = writeStatus(stack, status, log);
        return new ReconcileResult(writes.getOrDefault(ChildWriter.Outcome.CREATED, 0),
                writes.getOrDefault(ChildWriter.Outcome.UPDATED, 0), writes.getOrDefault(ChildWriter.Outcome.DELETED, 0),
                plan.unchanged().size(), statusWritten, status.phase(), claimRecheck(cache.pods(key)));
    }

    /** The drifted children to write back, as the {@link DriftGuard} allows. */
    private List<ChildPlan.Drifted> repairs(StackKey key, long generation, ChildPlan plan, StackLog log) {
        plan.unchanged().forEach(c -> drift.clean(key, c));
        List<ChildPlan.Drifted> repairs = new ArrayList<>();
        for (ChildPlan.Drifted d : plan.drifted()) {
            switch (drift.decide(key, generation, d.key(), d.live().getMetadata().getResourceVersion())) {
                case REPAIR -> repairs.add(d);
                case GIVE_UP -> {
                    metrics.driftGivenUp(d.key().kind());
                    log.warn("{} drifted again ({}) after {} repairs in a row; left as it is until the stack changes",
                            d.key(), d.path(), DriftGuard.MAX_REPAIRS);
                }
                case STALE, GIVEN_UP -> log.debug("{} drifted ({}), not repaired now", d.key(), d.path());
            }
        }
        return repairs;
    }

    private void write(Stack stack, long generation, ChildPlan plan, Set<ChildKey> ownedKeys,
            KubernetesClient asAuthor, Map<ChildWriter.Outcome, Integer> writes, StackLog log) {
        // Of the drifted children, plan.apply() has those the guard let through (repairing).
        Map<ChildKey, ChildPlan.Drifted> repairs = plan.drifted().stream()
                .collect(Collectors.toMap(ChildPlan.Drifted::key, Function.identity()));
        List<ChildWriter.Outcome> applied = concurrently(plan.apply(), d -> {
            ChildPlan.Drifted drifted = repairs.get(ChildKey.of(d));
            if (drifted != null) {
                return repair(asAuthor, drifted, log);
            }
            return ownedKeys.contains(ChildKey.of(d)) ? writer.apply(asAuthor, d, true) : create(stack, d, asAuthor);
        });
        StackKey key = new StackKey(stack.metadata().namespace(), stack.metadata().name());
        for (int i = 0; i < applied.size(); i++) {
            HasMetadata child = plan.apply().get(i);
            ChildPlan.Drifted drifted = repairs.get(ChildKey.of(child));
            if (drifted != null) {
                // A refused repair counts too: it is not tried again until the child changes.
                drift.repaired(key, generation, drifted.key(), drifted.live().getMetadata().getResourceVersion());
            }
            if (applied.get(i) == ChildWriter.Outcome.REFUSED) {
                continue;
            }
            record(child, applied.get(i), writes, log);
            if (drifted != null) {
                metrics.driftRepaired(drifted.key().kind());
                log.info("repaired {}: {} had been changed outside the stack", drifted.key(), drifted.path());
            }
        }
        List<ChildWriter.Outcome> deleted = concurrently(plan.delete(), live -> writer.delete(asAuthor, live));
        for (int i = 0; i < deleted.size(); i++) {
            record(plan.delete().get(i), deleted.get(i), writes, log);
        }
    }

    /**
     * Writes a drifted child back; a repair kube-apiserver refuses as invalid (422) is logged and does not fail the
     * reconcile, since trying it again would fail the same way.
     */
    private ChildWriter.Outcome repair(KubernetesClient asAuthor, ChildPlan.Drifted drifted, StackLog log) {
        try {
            return writer.repair(asAuthor, drifted);
        } catch (KubernetesClientException e) {
            if (e.getCode() != INVALID) {
                throw e;
            }
            log.warn("cannot repair {} ({} differs): {}", drifted.key(), drifted.path(),
                    e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                            : e.getMessage());
            return ChildWriter.Outcome.REFUSED;
        }
    }

    private void record(HasMetadata child, ChildWriter.Outcome outcome, Map<ChildWriter.Outcome, Integer> writes,
            StackLog log) {
        writes.merge(outcome, 1, Integer::sum);
        metrics.childWrite(child.getKind(), outcome);
        log.info("{} {}{}", outcome.name().toLowerCase(Locale.ROOT), ChildKey.of(child),
                outcome == ChildWriter.Outcome.DELETED ? " (no longer desired)" : "");
    }

    /**
     * {@code write} applied to every item on the writes executor, results in item order. All writes end before this
     * returns or throws; when some failed, the first failure in item order is thrown.
     */
    private <T, R> List<R> concurrently(List<T> items, Function<T, R> write) {
        if (items.size() < 2) {
            return items.stream().map(write).toList();
        }
        List<CompletableFuture<R>> running = items.stream()
                .map(i -> CompletableFuture.supplyAsync(() -> write.apply(i), writes)).toList();
        List<R> results = new ArrayList<>(items.size());
        RuntimeException failure = null;
        for (CompletableFuture<R> f : running) {
            try {
                results.add(f.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    /**
     * Two stacks asking for new names at the same moment: under one lock, each new child's name is checked against
     * the informer cache and the claims other reconciles made ({@link ChildCache#claim}), and only when none is taken
     * are they all claimed. So of two stacks that want the same names, one gets all of them and the other none,
     * rather than each taking some of them over from the other with the same field manager. Objects that were there
     * before were found by {@link #conflict(Stack, List)}.
     */
    private Optional<String> claimAll(Stack stack, List<HasMetadata> created) {
        String namespace = stack.metadata().namespace();
        synchronized (claimLock) {
            for (HasMetadata d : created) {
                ChildKey key = ChildKey.of(d);
                HasMetadata live = cache.cached(namespace, key);
                Optional<String> taken = live != null ? conflict(stack, key, live)
                        : cache.claimant(namespace, key).filter(c -> !c.uid().equals(stack.metadata().uid()))
                                .map(c -> taken(stack, key, c.stack()));
                if (taken.isPresent()) {
                    return taken;
                }
            }
            created.forEach(d -> cache.claim(namespace, ChildKey.of(d), stack.metadata().name(),
                    stack.metadata().uid()));
        }
        return Optional.empty();
    }

    /** Creates a child whose name {@link #claimAll} claimed; a failed create gives the claim up. */
    private ChildWriter.Outcome create(Stack stack, HasMetadata desired, KubernetesClient asAuthor) {
        try {
            return writer.apply(asAuthor, desired, false);
        } catch (RuntimeException e) {
            cache.unclaim(stack.metadata().namespace(), ChildKey.of(desired));
            throw e;
        }
    }

    /**
     * A child to be created whose name is taken by an object that this stack does not control: the informer cache
     * knows the other stacks' children; anything else is read (the reads run concurrently).
     */
    private Optional<String> conflict(Stack stack, List<HasMetadata> created) {
        return concurrently(created, d -> {
            ChildKey key = ChildKey.of(d);
            HasMetadata live = cache.cached(stack.metadata().namespace(), key);
            if (live == null) {
                live = writer.read(d);
            }
            return live == null ? Optional.<String>empty() : conflict(stack, key, live);
        }).stream().flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> conflict(Stack stack, ChildKey key, HasMetadata live) {
        if (DesiredChildren.controlledBy(live, stack.metadata().uid())) {
            return Optional.empty();
        }
        Map<String, String> labels = live.getMetadata().getLabels();
        return Optional.of(taken(stack, key, labels == null ? null : labels.get(StackLabels.STACK)));
    }

    private static String taken(Stack stack, ChildKey key, String otherStack) {
        return key + " already exists" + (otherStack != null && !otherStack.equals(stack.metadata().name())
                ? " in stack \"" + otherStack + "\"" : " and does not belong to this stack");
    }

    private ReconcileResult failed(Stack stack, long generation, String reason,
            Optional<Duration> retry, StackLog log) {
        StackStatus status = StatusCalculator.failure(generation, stack.spec(), reason);
        boolean written = writeStatus(stack, status, log);
        return new ReconcileResult(0, 0, 0, 0, written, status.phase(), retry);
    }

    /**
     * Writes the status, marked with the content digests it was computed for, when it differs from the cached one,
     * as a JSON patch of the status subresource that replaces {@code /status} after testing the stack's uid: no
     * resourceVersion precondition, so a cache that has not yet seen the previous status write does not cost a 409
     * and a retry, while a stack deleted and created again under the same name never gets the old one's status. It is
     * one request (no read before it).
     */
    private boolean writeStatus(Stack stack, StackStatus computed, StackLog log) {
        StackStatus status = computed.withObservedDigests(
                ContentDigests.from(stack.metadata().annotations()).fingerprint());
        if (status.equals(stack.status())) {
            return false;
        }
        // Patched through resource(item): fabric8's patch of a resource named withName() GETs it first.
        GenericKubernetesResource item = new GenericKubernetesResource();
        item.setApiVersion(Stack.API_VERSION);
        item.setKind(Stack.KIND);
        item.setMetadata(new ObjectMetaBuilder().withNamespace(stack.metadata().namespace())
                .withName(stack.metadata().name()).build());
        controller.genericKubernetesResources(StackResources.CONTEXT).inNamespace(stack.metadata().namespace())
                .resource(item).subresource("status")
                .patch(PatchContext.of(PatchType.JSON), StackResources.statusPatch(stack.metadata().uid(), status));
        log.info("status {}", status.summary());
        return true;
    }

    private static Optional<Duration> claimRecheck(List<Pod> pods) {
        Instant now = Instant.now();
        return pods.stream().anyMatch(p -> PodState.waitingForClaims(p, now)) ? Optional.of(CLAIM_RECHECK)
                : Optional.empty();
    }
}
