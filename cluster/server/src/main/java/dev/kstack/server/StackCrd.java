package dev.kstack.server;

import dev.kstack.api.Stack;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import java.util.List;

/**
 * The CustomResourceDefinition {@code stacks.compose.docker.com}: versions v1alpha3 (stored), v1beta2 and v1beta1,
 * all served and converted by the kstack server's webhook; the status subresource; the short name {@code stack};
 * printer columns giving {@code kubectl get stacks} the view {@code NAME SERVICES PORTS STATUS CREATED AT}.
 */
public final class StackCrd {
    public static final String NAME = "stacks.compose.docker.com";
    public static final String PLURAL = "stacks";
    public static final String V1ALPHA3 = "v1alpha3";
    public static final String V1BETA2 = "v1beta2";
    public static final String V1BETA1 = "v1beta1";
    /** In the order clients prefer them; the first is the storage version. */
    public static final List<String> VERSIONS = List.of(V1ALPHA3, V1BETA2, V1BETA1);
    public static final String CONVERT_PATH = "/convert";

    private StackCrd() {
    }

    public static CustomResourceDefinition definition(WebhookEndpoint endpoint) {
        return crd(VERSIONS.stream().map(StackCrd::version).toList(), new CustomResourceConversionBuilder()
                .withStrategy("Webhook").withNewWebhook().withConversionReviewVersions("v1")
                .withClientConfig(endpoint.conversion(CONVERT_PATH)).endWebhook().build());
    }

    private static CustomResourceDefinition crd(List<CustomResourceDefinitionVersion> versions,
            CustomResourceConversion conversion) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(NAME).addToLabels(InstallManifests.PART_OF_LABEL, "kstack").endMetadata()
                .withNewSpec()
                .withGroup(Stack.GROUP)
                .withScope("Namespaced")
                .withNewNames().withPlural(PLURAL).withSingular("stack").withKind(Stack.KIND).withListKind("StackList")
                .withShortNames("stk").withCategories("all").endNames()
                .withVersions(versions)
                .withConversion(conversion)
                .endSpec()
                .build();
    }

    /**
     * The CRD as an uninstall that keeps the stacks leaves it: no conversion webhook (strategy {@code None}) and only
     * the storage version served, so that nothing registered points at the stopped server. Every client, and
     * kube-controller-manager's garbage collector and quota controller, then read the stored objects as they are.
     * The stacks must have been rewritten in the storage version first; {@link #definition} restores the rest.
     */
    public static CustomResourceDefinition storageOnly() {
        return crd(VERSIONS.stream().map(v -> {
            CustomResourceDefinitionVersion version = version(v);
            version.setServed(version.getStorage());
            return version;
        }).toList(), new CustomResourceConversionBuilder().withStrategy("None").build());
    }

    /** The storage version: the only one a {@link #storageOnly()} CRD serves. */
    public static String storageVersion() {
        return VERSIONS.get(0);
    }

    private static CustomResourceDefinitionVersion version(String name) {
        return new CustomResourceDefinitionVersionBuilder()
                .withName(name)
                .withServed(true)
                .withStorage(name.equals(V1ALPHA3))
                .withNewSchema().withOpenAPIV3Schema(StackSchema.forVersion(name)).endSchema()
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withAdditionalPrinterColumns(columns())
                .build();
    }

    private static List<CustomResourceColumnDefinition> columns() {
        return List.of(
                column("Services", "integer", ".status.serviceCount", "Number of services"),
                column("Ports", "string", ".status.ports", "Published ports"),
                column("Status", "string", ".status.summary", "Current stack status"),
                column("Created At", "date", ".metadata.creationTimestamp", "Creation date"));
    }

    private static CustomResourceColumnDefinition column(String name, String type, String path, String description) {
        return new CustomResourceColumnDefinitionBuilder().withName(name).withType(type).withJsonPath(path)
                .withDescription(description).build();
    }
}
