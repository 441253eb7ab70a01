package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts as the kubelet of the simulated nodes for every pod: drives pods bound to them through their simulated
 * lifecycle, finishes the deletion of their terminating pods and, when asked to, binds unscheduled pods.
 */
final class PodController implements PodDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodController.class);

    private final KubernetesClient client;
    private final SimulatorConfig config;
    private final Clock clock;
    private final PodStatusSimulation simulation;
    private final PodIpAllocator addresses = new PodIpAllocator();
    private final PodBinder binder;
    private final ReconcileQueue queue;
    private SharedIndexInformer<Pod> informer;

    PodController(KubernetesClient client, SimulatorConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.simulation = new PodStatusSimulation(config.readyDelay(), config.restartInterval());
        this.binder = new PodBinder(client, config.nodeNames());
        this.queue = new ReconcileQueue("sim-pods", this::reconcile, clock);
    }

    /** Starts watching pods in all namespaces; returns once the first list has been received. */
    void start() {
        informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.getStatus() != null) {
                    addresses.remember(pod.getMetadata().getUid(), pod.getStatus().getPodIP());
                }
                queue.enqueue(Cache.metaNamespaceKeyFunc(pod));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                queue.enqueue(Cache.metaNamespaceKeyFunc(newPod));
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                queue.submit(() -> addresses.release(pod.getMetadata().getUid()));
            }
        });
    }

    @Override
    public Optional<Pod> find(String namespace, String name) {
        return informer == null ? Optional.empty()
                : Optional.ofNullable(informer.getIndexer().getByKey(namespace + "/" + name));
    }

    private void reconcile(String key) {
        Pod pod = informer.getIndexer().getByKey(key);
        if (pod == null) {
            return;
        }
        String nodeName = pod.getSpec().getNodeName();
        boolean unbound = nodeName == null || nodeName.isEmpty();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (unbound || config.simulates(nodeName)) {
                finishDeletion(pod);
            }
            return;
        }
        if (unbound) {
            if (config.bindPods()) {
                binder.bind(pod, this::podsOn, clock.instant());
            }
            return;
        }
        if (config.simulates(nodeName)) {
            simulate(key, pod);
        }
    }

    private void simulate(String key, Pod pod) {
        String ip = addresses.addressOf(pod.getMetadata().getUid())
                .orElseThrow(() -> new IllegalStateException("no free pod address left in 10.244.0.0/16"));
        SimulatedPodStatus desired = simulation.desired(pod, clock.instant(), ip);
        PodStatusWriter.Result result = PodStatusWriter.write(client, pod,
                latest -> simulation.desired(latest, clock.instant(), ip).status());
        if (result == PodStatusWriter.Result.WRITTEN) {
            LOG.info("pod {} on {}: {} ({})", key, pod.getSpec().getNodeName(), desired.status().getPhase(),
                    SimulatedOutcome.of(pod).value());
            String asked = pod.getMetadata().getAnnotations() == null ? null
                    : pod.getMetadata().getAnnotations().get(SimulatedOutcome.ANNOTATION);
            if (asked != null && SimulatedOutcome.parse(asked).isEmpty()) {
                LOG.warn("pod {}: {}={} is not one of {}; simulating run", key, SimulatedOutcome.ANNOTATION, asked,
                        java.util.Arrays.stream(SimulatedOutcome.values()).map(SimulatedOutcome::value).toList());
            }
        }
        desired.nextChange().ifPresent(at -> queue.enqueueAt(key, at));
    }

    /** Without a kubelet, a pod on a node stays Terminating: confirm its deletion as a kubelet would. */
    private void finishDeletion(Pod pod) {
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        boolean heldByFinalizers = pod.getMetadata().getFinalizers() != null
                && !pod.getMetadata().getFinalizers().isEmpty();
        if (Objects.equals(grace, 0L) && heldByFinalizers) {
            return;
        }
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return;
            }
            throw e;
        }
        LOG.info("finished deletion of pod {}/{} (simulated kubelet)", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName());
    }

    private long podsOn(String nodeName) {
        return informer.getIndexer().list().stream()
                .filter(p -> nodeName.equals(p.getSpec().getNodeName()))
                .count();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        queue.close();
    }
}
