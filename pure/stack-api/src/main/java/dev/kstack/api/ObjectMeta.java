package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes object metadata of a Stack, with the JSON names of {@code metav1.ObjectMeta}.
 * Strings are {@code ""} when absent; {@code generation} and {@code deletionGracePeriodSeconds} are null when absent.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectMeta(
        String name,
        String generateName,
        String namespace,
        String selfLink,
        String uid,
        String resourceVersion,
        Long generation,
        String creationTimestamp,
        String deletionTimestamp,
        Long deletionGracePeriodSeconds,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<OwnerReference> ownerReferences,
        List<String> finalizers,
        List<JsonNode> managedFields) {

    public ObjectMeta {
        name = Values.string(name);
        generateName = Values.string(generateName);
        namespace = Values.string(namespace);
        selfLink = Values.string(selfLink);
        uid = Values.string(uid);
        resourceVersion = Values.string(resourceVersion);
        creationTimestamp = Values.string(creationTimestamp);
        deletionTimestamp = Values.string(deletionTimestamp);
        labels = Values.map(labels);
        annotations = Values.map(annotations);
        ownerReferences = Values.list(ownerReferences);
        finalizers = Values.list(finalizers);
        managedFields = Values.list(managedFields);
    }

    /** Metadata with only a name and a namespace. */
    public static ObjectMeta of(String name, String namespace) {
        return new ObjectMeta(name, null, namespace, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** A copy with the annotations replaced. */
    public ObjectMeta withAnnotations(Map<String, String> newAnnotations) {
        return new ObjectMeta(name, generateName, namespace, selfLink, uid, resourceVersion, generation,
                creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, labels, newAnnotations,
                ownerReferences, finalizers, managedFields);
    }

    /** A reference from an object to its owner, as in {@code metav1.OwnerReference}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record OwnerReference(
            String apiVersion, String kind, String name, String uid, Boolean controller, Boolean blockOwnerDeletion) {
        public OwnerReference {
            apiVersion = Values.string(apiVersion);
            kind = Values.string(kind);
            name = Values.string(name);
            uid = Values.string(uid);
        }
    }
}
