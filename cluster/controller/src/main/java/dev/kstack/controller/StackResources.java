package dev.kstack.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stacks through the generic API ({@code compose.docker.com/v1alpha3}, plural {@code stacks}), so the controller
 * works the same whether a CRD or the aggregated API server serves them; converted to {@link Stack} with Jackson.
 */
public final class StackResources {
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(Stack.GROUP).withVersion("v1alpha3").withPlural("stacks").withKind(Stack.KIND)
            .withNamespaced(true).build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StackResources() {
    }

    public static Stack toStack(GenericKubernetesResource resource) {
        return StackJson.lenient().convertValue(SERIALIZATION.convertValue(resource, Map.class), Stack.class);
    }

    /** The author recorded on the stack, if any (a stack without one is never written for). */
    public static Optional<StackAuthor> author(Stack stack) {
        String json = stack.metadata().annotations().get(StackAuthor.ANNOTATION);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            StackAuthor author = StackJson.lenient().readValue(json, StackAuthor.class);
            return author.userName().isEmpty() ? Optional.empty() : Optional.of(author);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * A JSON patch (RFC 6902) that replaces the status of the stack with this uid: it tests {@code /metadata/uid}
     * first, so it fails (422) on a stack of the same name created since.
     */
    public static String statusPatch(String uid, StackStatus status) {
        List<Map<String, Object>> ops = List.of(
                Map.of("op", "test", "path", "/metadata/uid", "value", uid),
                Map.of("op", "add", "path", "/status", "value", StackJson.lenient().convertValue(status, Map.class)));
        try {
            return StackJson.lenient().writeValueAsString(ops);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a status patch", e);
        }
    }
}
