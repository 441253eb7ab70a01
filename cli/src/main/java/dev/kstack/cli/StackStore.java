package dev.kstack.cli;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Stacks in {@code compose.docker.com/v1alpha3} through the generic API: plain GET/LIST/CREATE/UPDATE/DELETE, so
 * the CLI works the same against the CRD and the aggregated API server.
 */
final class StackStore {
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(Stack.GROUP).withVersion("v1alpha3").withPlural("stacks").withKind(Stack.KIND)
            .withNamespaced(true).build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int UPDATE_ATTEMPTS = 5;
    /** 0.25 + 0.5 + 1 + 2 * 6 s between the attempts: about {@value #WEBHOOK_RETRY_SECONDS} s in all. */
    private static final int WEBHOOK_ATTEMPTS = 10;
    static final int WEBHOOK_RETRY_SECONDS = 14;

    /** What a write did. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    private final KubernetesClient client;

    StackStore(KubernetesClient client) {
        this.client = client;
    }

    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> api() {
        return client.genericKubernetesResources(CONTEXT);
    }

    Optional<Stack> get(String namespace, String name) {
        return Optional.ofNullable(api().inNamespace(namespace).withName(name).get()).map(StackStore::toStack);
    }

    /** The stack, or a failure naming it when it does not exist. */
    Stack require(String namespace, String name) {
        return get(namespace, name).orElseThrow(() -> new ClusterCommand.CommandFailure(ExitCodes.FAILURE,
                "stack \"" + name + "\" not found in namespace \"" + namespace + "\""));
    }

    List<Stack> list(String namespace) {
        var op = namespace == null ? api().inAnyNamespace() : api().inNamespace(namespace);
        return op.list().getItems().stream().map(StackStore::toStack).toList();
    }

    /**
     * Creates the stack, or replaces the spec of the existing one (retrying on conflicts), recording the content
     * digests of its Secrets and ConfigMaps ({@link ContentDigests}) so that changed contents roll the pods.
     */
    Outcome createOrUpdate(String namespace, String name, StackSpec spec, ContentDigests digests) {
        Map<String, Object> specJson = specJson(spec);
        String digestsJson = digests.equals(ContentDigests.NONE) ? null : digests.toJson();
        for (int attempt = 1; ; attempt++) {
            try {
                GenericKubernetesResource live = api().inNamespace(namespace).withName(name).get();
                if (live == null) {
                    GenericKubernetesResource r = new GenericKubernetesResource();
                    r.setApiVersion(Stack.API_VERSION);
                    r.setKind(Stack.KIND);
                    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(namespace);
                    if (digestsJson != null) {
                        meta.addToAnnotations(ContentDigests.ANNOTATION, digestsJson);
                    }
                    r.setMetadata(meta.build());
                    r.setAdditionalProperty("spec", specJson);
                    api().inNamespace(namespace).resource(r).create();
                    return Outcome.CREATED;
                }
                Map<String, String> annotations = live.getMetadata().getAnnotations() == null
                        ? new java.util.HashMap<>() : new java.util.HashMap<>(live.getMetadata().getAnnotations());
                boolean digestsSame = java.util.Objects.equals(digestsJson, annotations.get(ContentDigests.ANNOTATION));
                if (specJson.equals(live.getAdditionalProperties().get("spec")) && digestsSame) {
                    return Outcome.UNCHANGED;
                }
                if (digestsJson == null) {
                    annotations.remove(ContentDigests.ANNOTATION);
                } else {
                    annotations.put(ContentDigests.ANNOTATION, digestsJson);
                }
                live.getMetadata().setAnnotations(annotations);
                live.setAdditionalProperty("spec", specJson);
                api().inNamespace(namespace).resource(live).update();
                return Outcome.UPDATED;
            } catch (KubernetesClientException e) {
                retryOrThrow(e, attempt);
            }
        }
    }

    /**
     * Returns when a write that failed with {@code e} may be tried again (after a pause when a webhook server was
     * unreachable: {@link KubeErrors#webhookUnreached}), else throws {@code e}. Conflicts are retried at once
     * ({@value #UPDATE_ATTEMPTS} attempts); unreachable webhooks for about {@value #WEBHOOK_RETRY_SECONDS} s.
     */
    private static void retryOrThrow(KubernetesClientException e, int attempt) {
        if (KubeErrors.conflict(e) && attempt < UPDATE_ATTEMPTS) {
            return;
        }
        if (KubeErrors.webhookUnreached(e) && attempt < WEBHOOK_ATTEMPTS) {
            try {
                Thread.sleep(Math.min(2_000L, 250L << Math.min(attempt - 1, 3)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
            return;
        }
        throw e;
    }

    /** Applies {@code change} to the live stack's spec and writes it back (retrying on conflicts). */
    Stack updateSpec(String namespace, String name, UnaryOperator<StackSpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                GenericKubernetesResource live = api().inNamespace(namespace).withName(name).get();
                if (live == null) {
                    throw new ClusterCommand.CommandFailure(ExitCodes.FAILURE,
                            "stack \"" + name + "\" not found in namespace \"" + namespace + "\"");
                }
                StackSpec changed = change.apply(toStack(live).spec());
                live.setAdditionalProperty("spec", specJson(changed));
                return toStack(api().inNamespace(namespace).resource(live).update());
            } catch (KubernetesClientException e) {
                retryOrThrow(e, attempt);
            }
        }
    }

    /** Deletes the stack (children go by garbage collection); false when there was none. */
    boolean delete(String namespace, String name) {
        return !api().inNamespace(namespace).withName(name).delete().isEmpty();
    }

    static Stack toStack(GenericKubernetesResource resource) {
        return StackJson.lenient().convertValue(SERIALIZATION.convertValue(resource, Map.class), Stack.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> specJson(StackSpec spec) {
        return StackJson.lenient().convertValue(spec, Map.class);
    }
}
