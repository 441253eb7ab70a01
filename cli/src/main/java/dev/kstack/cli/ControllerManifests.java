package dev.kstack.cli;

import dev.kstack.api.Stack;
import dev.kstack.server.HighAvailability;
import dev.kstack.server.InstallManifests;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.Map;

/**
 * The in-cluster objects of the controller ({@code kstack controller}): its ServiceAccount, the ClusterRole that lets
 * it watch stacks and their children, write status and impersonate stack authors (children are written with the
 * author's rights, never the controller's), and its Deployment with leader election between replicas.
 */
final class ControllerManifests {
    static final String NAME = "kstack-controller";
    static final int HTTP_PORT = 8080;
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", NAME);

    private ControllerManifests() {
    }

    static List<HasMetadata> render(String namespace, String image, int replicas) {
        Map<String, String> partOf = Map.of(InstallManifests.PART_OF_LABEL, "kstack");
        return List.of(
                new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                        .withLabels(partOf).endMetadata().build(),
                new ClusterRoleBuilder().withNewMetadata().withName(NAME).withLabels(partOf).endMetadata()
                        .withRules(rules()).build(),
                new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME).withLabels(partOf).endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NAME)
                        .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(namespace).endSubject()
                        .build(),
                new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(namespace).withLabels(partOf)
                        .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(SELECTOR)
                        .endSelector().withNewTemplate().withNewMetadata().withLabels(SELECTOR).endMetadata()
                        .withNewSpec().withServiceAccountName(NAME)
                        .addNewContainer().withName("controller").withImage(image)
                        .withArgs("controller", "--lease-namespace=" + namespace, "--http-address=0.0.0.0:" + HTTP_PORT)
                        .withEnv(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                        .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                                new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                                        .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build())
                        .addNewPort().withName("http").withContainerPort(HTTP_PORT).withProtocol("TCP").endPort()
                        // /healthz, not /readyz: a standby replica answers /readyz 503 (not the leader), and a
                        // Deployment whose standby is never ready cannot roll out (the new pod stays standby)
                        .withNewReadinessProbe().withNewHttpGet().withPath("/healthz")
                        .withPort(new IntOrString(HTTP_PORT)).endHttpGet().endReadinessProbe()
                        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz")
                        .withPort(new IntOrString(HTTP_PORT)).endHttpGet().endLivenessProbe()
                        .withStartupProbe(HighAvailability.startupProbe("HTTP", HTTP_PORT))
                        .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true).endSecurityContext()
                        .endContainer().endSpec().endTemplate().endSpec().build());
    }

    private static List<PolicyRule> rules() {
        return List.of(
                rule(Stack.GROUP, List.of("stacks"), List.of("get", "list", "watch", "update", "patch")),
                rule(Stack.GROUP, List.of("stacks/status"), List.of("get", "update", "patch")),
                rule("apps", List.of("deployments", "statefulsets", "daemonsets"), READ),
                rule("", List.of("services", "pods", "secrets", "configmaps", "persistentvolumeclaims"), READ),
                rule("networking.k8s.io", List.of("ingresses", "networkpolicies"), READ),
                rule("", List.of("users", "groups", "serviceaccounts"), List.of("impersonate")),
                rule("authentication.k8s.io", List.of("userextras/scopes", "uids"), List.of("impersonate")),
                rule("authorization.k8s.io", List.of("subjectaccessreviews"), List.of("create")),
                // the leader election renews its Lease with a PATCH
                rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update", "patch")),
                rule("", List.of("events"), List.of("create", "patch")));
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }
}
