package dev.kstack.convert;

import dev.kstack.api.KubernetesNames;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.StackSpec;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes name of each service of a stack ({@link KubernetesNames#serviceObjectNames}) and the compose names
 * that DNS cannot find under it: {@code front_end} named {@code front-end} needs an {@code /etc/hosts} entry in the
 * stack's pods ({@link StackHosts}); {@code serviceA} named {@code servicea} does not, DNS ignores case.
 *
 * @param objectNames compose service name → the name of its workload, Services, Ingress and NetworkPolicy
 * @param aliased the renamed compose names that resolve through {@code /etc/hosts}, each with its internal Service
 *        (always a ClusterIP one); sorted
 */
public record ServiceNames(Map<String, String> objectNames, Map<String, String> aliased) {
    public ServiceNames {
        objectNames = Map.copyOf(objectNames);
        aliased = Collections.unmodifiableMap(new TreeMap<>(aliased));
    }

    public static ServiceNames of(StackSpec spec) {
        Map<String, String> names = KubernetesNames.serviceObjectNames(
                spec.services().stream().map(ServiceConfig::name).distinct().toList());
        Map<String, String> aliased = new TreeMap<>();
        for (ServiceConfig s : spec.services()) {
            String object = names.get(s.name());
            if (renamed(s.name(), object) && !ServiceObjects.headless(s, true)) {
                aliased.put(s.name(), object);
            }
        }
        return new ServiceNames(names, aliased);
    }

    /** The Kubernetes name of the service's objects. */
    public String objectName(String service) {
        return objectNames.getOrDefault(service, service);
    }

    /** Whether DNS cannot find the service under its compose name (more changed than the case). */
    boolean renamed(String service) {
        return renamed(service, objectName(service));
    }

    private static boolean renamed(String service, String object) {
        return !object.equals(service.toLowerCase(Locale.ROOT));
    }
}
