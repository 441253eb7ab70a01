package dev.kstack.convert;

import dev.kstack.api.IngressConfig;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Ingress (networking.k8s.io/v1) of a service with {@code ingress} routes: named as the service, one rule
 * per host, each path to the service's internal Service (ClusterIP because of the route) on the route's port.
 */
final class Ingresses {
    private static final Set<String> PATH_TYPES = Set.of("Prefix", "Exact", "ImplementationSpecific");

    private Ingresses() {
    }

    static Optional<Ingress> of(ServiceContext ctx) {
        List<IngressConfig> routes = ctx.service().ingress();
        if (routes.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<HTTPIngressPath>> byHost = new LinkedHashMap<>();
        Map<String, TreeSet<String>> tlsBySecret = new TreeMap<>();
        Map<String, String> annotations = new TreeMap<>();
        String className = null;
        for (int i = 0; i < routes.size(); i++) {
            IngressConfig r = routes.get(i);
            if (r.port() <= 0) {
                ctx.problem("ingress[" + i + "].port", "a port of the service is required");
                continue;
            }
            if (!r.path().isEmpty() && !r.path().startsWith("/")) {
                ctx.problem("ingress[" + i + "].path", "\"" + r.path() + "\" must start with /");
                continue;
            }
            String pathType = r.pathType().isEmpty() ? "Prefix" : r.pathType();
            if (!PATH_TYPES.contains(pathType)) {
                ctx.problem("ingress[" + i + "].path_type", "\"" + pathType + "\" is not one of " + new TreeSet<>(PATH_TYPES));
                continue;
            }
            byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(new HTTPIngressPathBuilder()
                    .withPath(r.path().isEmpty() ? "/" : r.path()).withPathType(pathType)
                    .withNewBackend().withNewService().withName(ctx.objectName()).withNewPort().withNumber(r.port())
                    .endPort().endService().endBackend().build());
            if (!r.tlsSecret().isEmpty()) {
                tlsBySecret.computeIfAbsent(r.tlsSecret(), s -> new TreeSet<>()).add(r.host());
            }
            if (!r.className().isEmpty()) {
                if (className != null && !className.equals(r.className())) {
                    ctx.warn("ingress[" + i + "].class_name " + r.className() + " is ignored (one class per service)");
                } else {
                    className = r.className();
                }
            }
            annotations.putAll(r.annotations());
        }
        List<IngressRule> rules = new ArrayList<>();
        byHost.forEach((host, paths) -> rules.add(new IngressRuleBuilder().withHost(host.isEmpty() ? null : host)
                .withNewHttp().withPaths(paths).endHttp().build()));
        List<IngressTLS> tls = new ArrayList<>();
        tlsBySecret.forEach((secret, hosts) -> tls.add(new IngressTLS(
                hosts.stream().filter(h -> !h.isEmpty()).toList(), secret)));
        return Optional.of(new IngressBuilder()
                .withNewMetadata().withName(ctx.objectName()).withNamespace(ServiceObjects.blankToNull(ctx.namespace()))
                .withLabels(ctx.labels()).withAnnotations(annotations.isEmpty() ? null : annotations).endMetadata()
                .withNewSpec().withIngressClassName(className).withRules(rules).withTls(tls).endSpec()
                .build());
    }
}
