package dev.kstack.controller;

import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Builds the per-service observations from a stack's live workloads and pods (a pure function). */
public final class ServiceObservations {
    private ServiceObservations() {
    }

    public static Map<String, ServiceObservation> of(Collection<String> services, Collection<HasMetadata> workloads,
            Collection<Pod> pods) {
        Map<String, ServiceObservation> out = new TreeMap<>();
        for (String service : services) {
            HasMetadata workload = workloads.stream().filter(w -> service.equals(serviceOf(w))).findFirst().orElse(null);
            List<Pod> own = pods.stream().filter(p -> service.equals(serviceOf(p))).toList();
            out.put(service, workload == null ? ServiceObservation.absent(service) : observe(service, workload, own));
        }
        return out;
    }

    /**
     * The observations as they stand once {@code written} are applied: a service whose workload is among them is not
     * settled, whatever the cache said of the workload being replaced. The status computed in the reconcile that
     * writes a new pod template must not call the old pods the new template's.
     */
    public static Map<String, ServiceObservation> afterWrites(Map<String, ServiceObservation> observed,
            Collection<HasMetadata> written) {
        Map<String, ServiceObservation> out = new TreeMap<>(observed);
        for (HasMetadata w : written) {
            if (w instanceof Deployment || w instanceof StatefulSet || w instanceof DaemonSet) {
                out.computeIfPresent(serviceOf(w), (service, o) -> o.unsettled());
            }
        }
        return out;
    }

    static String serviceOf(HasMetadata o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? null : labels.get(StackLabels.SERVICE_NAME);
    }

    private static ServiceObservation observe(String service, HasMetadata workload, List<Pod> pods) {
        int ready = 0;
        int running = 0;
        int pending = 0;
        int succeeded = 0;
        List<ServiceObservation.PodFailure> failures = new ArrayList<>();
        for (Pod p : pods) {
            PodState s = PodState.of(p);
            switch (s.kind()) {
                case READY -> ready++;
                case RUNNING -> running++;
                case PENDING -> pending++;
                case SUCCEEDED -> succeeded++;
                case FAILED -> failures.add(
                        new ServiceObservation.PodFailure(p.getMetadata().getName(), s.reason(), s.message()));
                case TERMINATING -> { }
            }
        }
        failures.sort(Comparator.comparing(ServiceObservation.PodFailure::pod));
        return new ServiceObservation(service, workload.getKind(), settled(workload), desired(workload), ready, running,
                pending, succeeded, failures.size(), failures);
    }

    static int desired(HasMetadata workload) {
        if (workload instanceof Deployment d) {
            return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        }
        if (workload instanceof StatefulSet s) {
            return s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        }
        if (workload instanceof DaemonSet d) {
            return d.getStatus() == null || d.getStatus().getDesiredNumberScheduled() == null
                    ? 0 : d.getStatus().getDesiredNumberScheduled();
        }
        return 0;
    }

    /** The workload's controller has seen the latest spec and every replica runs it. */
    static boolean settled(HasMetadata workload) {
        Long generation = workload.getMetadata().getGeneration();
        if (workload instanceof Deployment d) {
            var st = d.getStatus();
            return st != null && observed(st.getObservedGeneration(), generation)
                    && orZero(st.getUpdatedReplicas()) >= desired(d) && orZero(st.getReplicas()) == desired(d);
        }
        if (workload instanceof StatefulSet s) {
            var st = s.getStatus();
            return st != null && observed(st.getObservedGeneration(), generation)
                    && (st.getUpdateRevision() == null || Objects.equals(st.getUpdateRevision(), st.getCurrentRevision())
                        || orZero(st.getUpdatedReplicas()) >= desired(s));
        }
        if (workload instanceof DaemonSet d) {
            var st = d.getStatus();
            return st != null && observed(st.getObservedGeneration(), generation)
                    && orZero(st.getUpdatedNumberScheduled()) >= orZero(st.getDesiredNumberScheduled());
        }
        return false;
    }

    private static boolean observed(Long observedGeneration, Long generation) {
        return observedGeneration != null && (generation == null || observedGeneration >= generation);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
