package dev.kstack.apiserver;

import dev.kstack.api.Stack;
import dev.kstack.server.InstallManifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects that make kube-apiserver serve compose.docker.com through this server: one APIService per version
 * (with the CA bundle of the serving certificate), the Service they point at, and the RBAC the server's identity
 * needs as an extension API server (TokenReview and SubjectAccessReview through {@code system:auth-delegator}, the
 * {@code extension-apiserver-authentication} ConfigMap through {@code extension-apiserver-authentication-reader},
 * pods and their logs for the {@code log} subresource, and reading the kinds the collision check looks at), and the
 * ClusterRoles aggregated into view, edit and admin ({@link InstallManifests#aggregatedRoles()}, as in CRD mode).
 * {@code install} applies them in order; the run-local variant points the Service at this machine.
 */
public final class ApiServiceManifests {
    public static final String NAME = "kstack-apiserver";
    public static final String APP_LABEL = "app.kubernetes.io/name";

    private ApiServiceManifests() {
    }

    /**
     * Where the API server runs.
     *
     * @param namespace the namespace of the Service (and the server's ServiceAccount)
     * @param port the Service port kube-apiserver connects to
     * @param externalName for a server outside the cluster (run-local: {@code localhost}); null for a Deployment's
     *        pods selected by {@value #APP_LABEL}={@value #NAME}, listening on {@code targetPort}
     * @param targetPort the pods' port (ignored with an external name)
     */
    public record Options(String namespace, int port, String externalName, int targetPort) {
        /** The server runs on this machine on {@code port}: the aggregator calls https://localhost:port. */
        public static Options runLocal(String namespace, int port) {
            return new Options(namespace, port, "localhost", port);
        }

        public static Options inCluster(String namespace) {
            return new Options(namespace, 443, null, 8443);
        }
    }

    /**
     * The names the serving certificate must hold: the aggregator checks the Service's DNS name
     * ({@code kstack-apiserver.<namespace>.svc}) even when it dials an ExternalName; localhost for the run-local mode.
     */
    public static List<String> servingHosts(String namespace) {
        return List.of(NAME + "." + namespace + ".svc", "localhost", "127.0.0.1");
    }

    /** The APIService names, one per version ({@code v1alpha3.compose.docker.com} ...). */
    public static List<String> apiServiceNames() {
        return Versions.ALL.stream().map(v -> v + "." + Stack.GROUP).toList();
    }

    public static List<HasMetadata> render(Options options, String caBundleBase64) {
        List<HasMetadata> out = new ArrayList<>();
        out.add(new NamespaceBuilder().withNewMetadata().withName(options.namespace()).endMetadata().build());
        out.add(new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(options.namespace())
                .endMetadata().build());
        out.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME + ":auth-delegator").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(options.namespace())
                .endSubject().build());
        out.add(new RoleBindingBuilder().withNewMetadata().withName(NAME + ":authentication-reader")
                .withNamespace("kube-system").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "extension-apiserver-authentication-reader")
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(options.namespace())
                .endSubject().build());
        out.add(new ClusterRoleBuilder().withNewMetadata().withName(NAME).endMetadata()
                .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods", "pods/log", "services")
                        .withVerbs("get", "list", "watch").build())
                .addToRules(new PolicyRuleBuilder().withApiGroups("apps")
                        .withResources("deployments", "statefulsets", "daemonsets").withVerbs("get", "list", "watch")
                        .build())
                .addToRules(new PolicyRuleBuilder().withApiGroups("")
                        .withResources("persistentvolumeclaims", "secrets", "configmaps").withVerbs("get").build())
                .build());
        out.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NAME)
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(options.namespace())
                .endSubject().build());
        ServiceBuilder service = new ServiceBuilder().withNewMetadata().withName(NAME)
                .withNamespace(options.namespace()).endMetadata();
        if (options.externalName() != null) {
            service.withNewSpec().withType("ExternalName").withExternalName(options.externalName())
                    .addNewPort().withName("https").withProtocol("TCP").withPort(options.port()).endPort().endSpec();
        } else {
            service.withNewSpec().withSelector(Map.of(APP_LABEL, NAME))
                    .addNewPort().withName("https").withProtocol("TCP").withPort(options.port())
                    .withNewTargetPort(options.targetPort()).endPort().endSpec();
        }
        out.add(service.build());
        // Whoever may view, edit or administer a namespace may do the same with its stacks (and their subresources).
        out.addAll(InstallManifests.aggregatedRoles());
        int priority = 15;
        for (String version : Versions.ALL) {
            out.add(apiService(version, priority, options, caBundleBase64));
            priority -= 5;
        }
        return out;
    }

    private static GenericKubernetesResource apiService(String version, int priority, Options options,
            String caBundle) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("namespace", options.namespace());
        service.put("name", NAME);
        service.put("port", options.port());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("group", Stack.GROUP);
        spec.put("version", version);
        spec.put("service", service);
        spec.put("caBundle", caBundle);
        spec.put("groupPriorityMinimum", 1000);
        spec.put("versionPriority", priority);
        return new GenericKubernetesResourceBuilder().withApiVersion("apiregistration.k8s.io/v1")
                .withKind("APIService").withNewMetadata().withName(version + "." + Stack.GROUP).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
    }
}
