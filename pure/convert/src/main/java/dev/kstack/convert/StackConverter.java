package dev.kstack.convert;

import dev.kstack.api.DependencyGraph;
import dev.kstack.api.Problem;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.StackValidation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stack → Kubernetes objects: a pure function. Validates the stack first (names, references, the
 * {@code depends_on} graph), then maps each service to its Services, workload, Ingress and NetworkPolicy.
 * Every object carries the three contract labels; ownerReferences are the controller's job.
 */
public final class StackConverter {
    private static final List<String> KIND_ORDER = List.of(
            "Service", "Deployment", "StatefulSet", "DaemonSet", "Ingress", "NetworkPolicy");

    private StackConverter() {
    }

    public static ConversionResult convert(StackInput input) throws InvalidStackException {
        List<Problem> problems = new ArrayList<>(StackValidation.validate(input.name(), input.spec()));
        if (!problems.isEmpty()) {
            throw new InvalidStackException(problems);
        }
        Warnings warnings = new Warnings();
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, String> volumeUsers = new HashMap<>();
        ServiceNames names = ServiceNames.of(input.spec());
        for (ServiceConfig s : input.spec().services()) {
            ServiceContext ctx = new ServiceContext(input, s, names, warnings, problems);
            StackHosts.warnRenamed(ctx);
            warnSharedVolumes(ctx, volumeUsers);
            List<Service> services = ServiceObjects.of(ctx);
            objects.addAll(services);
            objects.add(Workloads.of(ctx));
            Ingresses.of(ctx).ifPresent(objects::add);
            if (input.spec().networkPolicies()) {
                objects.add(NetworkPolicies.of(ctx));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidStackException(problems);
        }
        objects.sort(Comparator.comparing((HasMetadata o) -> KIND_ORDER.indexOf(o.getKind()))
                .thenComparing(o -> o.getMetadata().getName()));
        List<String> unresolved = names.aliased().keySet().stream()
                .filter(n -> !input.addresses().containsKey(n)).toList();
        return new ConversionResult(objects, warnings.sorted(), DependencyGraph.of(input.spec()), unresolved);
    }

    /** A named volume used by two services gets one claim per pod, not one shared volume. */
    private static void warnSharedVolumes(ServiceContext ctx, Map<String, String> users) {
        for (ServiceVolumeConfig v : ctx.service().volumes()) {
            if (!ServiceVolumeConfig.TYPE_VOLUME.equals(v.type()) || v.source().isEmpty()) {
                continue;
            }
            if (ctx.spec().volumes().containsKey(v.source())
                    && ctx.spec().volumes().get(v.source()).external().external()) {
                continue;
            }
            String first = users.putIfAbsent(v.source(), ctx.name());
            if (first != null && !first.equals(ctx.name())) {
                ctx.warn("volume \"" + v.source() + "\" is also used by service \"" + first
                        + "\"; each service gets claims of its own, the data is not shared");
            }
        }
    }
}
