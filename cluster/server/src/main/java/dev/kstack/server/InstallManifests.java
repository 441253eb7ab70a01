package dev.kstack.server;

import dev.kstack.api.Stack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The objects that install the Stack API in CRD mode: the CRD (with its conversion webhook and CA bundle), the
 * mutating and validating webhook configurations, and, unless run-local, the server's Namespace, ServiceAccount,
 * RBAC (read access to the kinds a stack creates, for the collision check), TLS Secret (the CA the server issues its
 * own serving certificates from, {@link ServingCa}), Service and Deployment.
 * Pure: the CLI's {@code install} applies what this renders.
 */
public final class InstallManifests {
    public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    public static final String NAME = "kstack-server";
    public static final String MUTATING_WEBHOOK = "author.stacks.compose.docker.com";
    public static final String VALIDATING_WEBHOOK = "validate.stacks.compose.docker.com";
    public static final String TLS_DIR = "/var/run/kstack/tls";
    static final int SERVICE_PORT = 443;
    static final int CONTAINER_PORT = 8443;
    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", NAME);

    private InstallManifests() {
    }

    /**
     * A run-local install, in the order the objects should be applied: the CRD and webhook configurations calling
     * the server at {@code https://127.0.0.1:<port>}, trusting the CA of {@code tls}.
     */
    public static List<HasMetadata> render(InstallOptions options, ServingCertificates tls) {
        if (!options.isRunLocal()) {
            throw new IllegalArgumentException("an in-cluster install is rendered by renderInCluster");
        }
        return stackApi(new WebhookEndpoint.Url("https://127.0.0.1:" + options.runLocalPort(), tls.caBundle()),
                List.of());
    }

    /**
     * An in-cluster install, in the order the objects should be applied: the server's objects (its Secret holds
     * {@code ca}, from which the server issues and renews its serving certificate), then the CRD and webhook
     * configurations calling its Service and trusting {@code ca}.
     */
    public static List<HasMetadata> renderInCluster(InstallOptions options, ServingCa ca) {
        if (options.isRunLocal()) {
            throw new IllegalArgumentException("a run-local install is rendered by render");
        }
        return stackApi(new WebhookEndpoint.InCluster(options.namespace(), NAME, SERVICE_PORT, ca.caBundle()),
                serverObjects(options, ca));
    }

    private static List<HasMetadata> stackApi(WebhookEndpoint endpoint, List<HasMetadata> server) {
        List<HasMetadata> out = new ArrayList<>(server);
        out.add(StackCrd.definition(endpoint));
        out.add(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(NAME).withLabels(partOf())
                .endMetadata().withWebhooks(new MutatingWebhookBuilder().withName(MUTATING_WEBHOOK)
                        .withClientConfig(endpoint.admission(WebhookServer.MUTATE_PATH)).withRules(stackRule())
                        .withAdmissionReviewVersions("v1").withSideEffects("None").withFailurePolicy("Fail")
                        .withMatchPolicy("Equivalent").withTimeoutSeconds(10).withReinvocationPolicy("Never").build())
                .build());
        out.add(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(NAME).withLabels(partOf())
                .endMetadata().withWebhooks(new ValidatingWebhookBuilder().withName(VALIDATING_WEBHOOK)
                        .withClientConfig(endpoint.admission(WebhookServer.VALIDATE_PATH)).withRules(stackRule())
                        .withAdmissionReviewVersions("v1").withSideEffects("None").withFailurePolicy("Fail")
                        .withMatchPolicy("Equivalent").withTimeoutSeconds(10).build())
                .build());
        out.addAll(aggregatedRoles());
        return out;
    }

    /**
     * ClusterRoles aggregated into the built-in {@code view}, {@code edit} and {@code admin} roles, so that whoever may
     * view, edit or administer a namespace may do the same with its stacks: {@code kstack-stacks-view} (read),
     * {@code kstack-stacks-edit} (write; aggregated into edit and admin). The same rules serve both modes; in
     * aggregation mode they also cover the subresources the Compose API server serves.
     */
    public static List<HasMetadata> aggregatedRoles() {
        String[] resources = {StackCrd.PLURAL, StackCrd.PLURAL + "/status", StackCrd.PLURAL + "/composefile",
                StackCrd.PLURAL + "/scale", StackCrd.PLURAL + "/log", StackCrd.PLURAL + "/owner"};
        String aggregate = "rbac.authorization.k8s.io/aggregate-to-";
        return List.of(
                new ClusterRoleBuilder().withNewMetadata().withName("kstack-stacks-view").withLabels(Map.of(
                        PART_OF_LABEL, "kstack", aggregate + "view", "true", aggregate + "edit", "true",
                        aggregate + "admin", "true")).endMetadata()
                        .withRules(new PolicyRuleBuilder().withApiGroups(Stack.GROUP).withResources(resources)
                                .withVerbs("get", "list", "watch").build())
                        .build(),
                new ClusterRoleBuilder().withNewMetadata().withName("kstack-stacks-edit").withLabels(Map.of(
                        PART_OF_LABEL, "kstack", aggregate + "edit", "true", aggregate + "admin", "true")).endMetadata()
                        .withRules(new PolicyRuleBuilder().withApiGroups(Stack.GROUP).withResources(StackCrd.PLURAL,
                                StackCrd.PLURAL + "/composefile", StackCrd.PLURAL + "/scale")
                                .withVerbs("create", "update", "patch", "delete", "deletecollection").build())
                        .build());
    }

    /** The DNS names the serving certificate of an in-cluster install must carry. */
    public static List<String> serviceHosts(String namespace) {
        return List.of(NAME + "." + namespace + ".svc", NAME + "." + namespace + ".svc.cluster.local",
                NAME + "." + namespace, NAME);
    }

    private static RuleWithOperations stackRule() {
        return new RuleWithOperationsBuilder().withApiGroups(Stack.GROUP).withApiVersions("*")
                .withResources(StackCrd.PLURAL).withOperations("CREATE", "UPDATE").withScope("Namespaced").build();
    }

    private static List<HasMetadata> serverObjects(InstallOptions o, ServingCa ca) {
        String ns = o.namespace();
        List<HasMetadata> out = new ArrayList<>();
        out.add(new NamespaceBuilder().withNewMetadata().withName(ns).withLabels(partOf()).endMetadata().build());
        out.add(new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(ns).withLabels(partOf())
                .endMetadata().build());
        out.add(new ClusterRoleBuilder().withNewMetadata().withName(NAME).withLabels(partOf()).endMetadata()
                .withRules(
                        new PolicyRuleBuilder().withApiGroups("apps")
                                .withResources("deployments", "statefulsets", "daemonsets").withVerbs("get").build(),
                        new PolicyRuleBuilder().withApiGroups("").withResources("services").withVerbs("get").build(),
                        new PolicyRuleBuilder().withApiGroups("networking.k8s.io")
                                .withResources("ingresses", "networkpolicies").withVerbs("get").build())
                .build());
        out.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(NAME).withLabels(partOf()).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NAME)
                .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(ns).endSubject().build());
        out.add(new SecretBuilder().withNewMetadata().withName(NAME + "-tls").withNamespace(ns).withLabels(partOf())
                .endMetadata().withType("Opaque")
                .addToStringData(ServingCa.CERTIFICATE_KEY, ca.certificatePem())
                .addToStringData(ServingCa.KEY_KEY, ca.keyPem()).build());
        out.add(new ServiceBuilder().withNewMetadata().withName(NAME).withNamespace(ns).withLabels(partOf())
                .endMetadata().withNewSpec().withSelector(SELECTOR).addNewPort().withName("https").withProtocol("TCP")
                .withPort(SERVICE_PORT).withTargetPort(new IntOrString(CONTAINER_PORT)).endPort().endSpec().build());
        out.add(new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(ns).withLabels(partOf())
                .endMetadata().withNewSpec().withReplicas(o.replicas()).withNewSelector().withMatchLabels(SELECTOR)
                .endSelector().withNewTemplate().withNewMetadata().withLabels(SELECTOR).endMetadata().withNewSpec()
                .withServiceAccountName(NAME).withAffinity(HighAvailability.acrossNodes(SELECTOR))
                .addNewContainer().withName("server").withImage(o.image())
                .withArgs(Stream.concat(Stream.of("server", "--port=" + CONTAINER_PORT),
                        ServingCa.serverArguments(TLS_DIR, serviceHosts(ns)).stream()).toList())
                .addNewPort().withName("https").withContainerPort(CONTAINER_PORT).withProtocol("TCP").endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString(CONTAINER_PORT))
                .withScheme("HTTPS").endHttpGet().endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(CONTAINER_PORT))
                .withScheme("HTTPS").endHttpGet().endLivenessProbe()
                .withStartupProbe(HighAvailability.startupProbe("HTTPS", CONTAINER_PORT))
                .addNewVolumeMount().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewSecurityContext().withRunAsNonRoot(true).withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true).endSecurityContext()
                .endContainer()
                .addNewVolume().withName("tls").withNewSecret().withSecretName(NAME + "-tls").endSecret().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec().build());
        out.add(HighAvailability.disruptionBudget(ns, NAME, SELECTOR, partOf()));
        return out;
    }

    private static Map<String, String> partOf() {
        return Map.of(PART_OF_LABEL, "kstack");
    }
}
