package dev.kstack.apiserver;

import dev.kstack.api.Stack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registering the API with kube-apiserver, shared by {@link LocalComposeApi} and {@code kstack install --mode
 * apiserver}: applying {@link ApiServiceManifests}' objects and telling when the aggregator serves every version.
 */
public final class ApiServiceRegistration {
    static final ResourceDefinitionContext API_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("apiregistration.k8s.io").withVersion("v1").withPlural("apiservices").withKind("APIService")
            .withNamespaced(false).build();

    private ApiServiceRegistration() {
    }

    /**
     * Creates or updates the object; returns "created", "configured" or "unchanged". Everything but APIServices is
     * server-side applied under {@code fieldManager}. kube-apiserver 1.20 cannot apply APIServices (no field manager
     * for the aggregator's resources): an APIService whose spec differs is deleted and created again, one with the
     * same spec is left alone (so that installing again does not interrupt the API).
     */
    public static String apply(KubernetesClient client, HasMetadata object, String fieldManager) {
        if (!object.getKind().equals("APIService")) {
            HasMetadata before = client.resource(object).get();
            HasMetadata after = client.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
            if (before == null) {
                return "created";
            }
            return Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
                    ? "unchanged" : "configured";
        }
        var resource = client.genericKubernetesResources(API_SERVICES).withName(object.getMetadata().getName());
        GenericKubernetesResource live = resource.get();
        Object wanted = ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
        if (live != null && Objects.equals(live.getAdditionalProperties().get("spec"), wanted)) {
            return "unchanged";
        }
        if (live != null) {
            resource.delete();
        }
        client.resource(object).create();
        return live == null ? "created" : "configured";
    }

    /**
     * The APIServices of the group that an aggregated API server serves (they name a Service), as
     * {@code name -> namespace/service}: kstack in apiserver mode, in the cluster or run-local. Empty when the group is
     * served by kube-apiserver itself (a CRD) or not at all.
     */
    public static Map<String, String> aggregated(KubernetesClient client) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : ApiServiceManifests.apiServiceNames()) {
            GenericKubernetesResource live = client.genericKubernetesResources(API_SERVICES).withName(name).get();
            Object spec = live == null ? null : live.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> m && m.get("service") instanceof Map<?, ?> service) {
                out.put(name, service.get("namespace") + "/" + service.get("name"));
            }
        }
        return out;
    }

    /** Removes the APIServices of the group (the API stops being served; the stacks stay in etcd). */
    public static void unregister(KubernetesClient client) {
        for (String name : ApiServiceManifests.apiServiceNames()) {
            client.genericKubernetesResources(API_SERVICES).withName(name).delete();
        }
    }

    /** "" when every APIService of the group is Available and the aggregator routes every version, else why not. */
    @SuppressWarnings("unchecked")
    public static String unavailable(KubernetesClient client) {
        for (String name : ApiServiceManifests.apiServiceNames()) {
            GenericKubernetesResource service = client.genericKubernetesResources(API_SERVICES).withName(name).get();
            Object status = service == null ? null : service.getAdditionalProperties().get("status");
            List<Map<String, Object>> conditions = status instanceof Map<?, ?> m
                    ? (List<Map<String, Object>>) ((Map<String, Object>) m).getOrDefault("conditions", List.of())
                    : List.of();
            boolean available = conditions.stream().anyMatch(c -> "Available".equals(c.get("type"))
                    && "True".equals(c.get("status")));
            if (!available) {
                return name + ": " + (service == null ? "not registered" : conditions);
            }
        }
        for (String version : Versions.ALL) {
            try {
                // raw() answers null for a 404: the aggregator does not route the version yet
                if (client.raw("/apis/" + Stack.GROUP + "/" + version) == null
                        || client.raw("/apis/" + Stack.GROUP + "/" + version + "/stacks?limit=1") == null) {
                    return "/apis/" + Stack.GROUP + "/" + version + " is not served yet";
                }
            } catch (RuntimeException notYet) {
                return "/apis/" + Stack.GROUP + "/" + version + ": " + notYet.getMessage();
            }
        }
        return "";
    }
}
