package dev.kstack.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kstack.api.Stack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the converter's objects into what is applied: each gets the stack's namespace, a controller
 * ownerReference to the Stack, and the annotation {@value #HASH_ANNOTATION} holding a digest of everything
 * else. A live child carrying the same digest needs no write.
 */
public final class DesiredChildren {
    public static final String HASH_ANNOTATION = "kstack.dev/desired-hash";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private DesiredChildren() {
    }

    /** Copies of {@code objects}, owned by {@code stack} and stamped with their digest. */
    public static List<HasMetadata> of(Stack stack, List<HasMetadata> objects) {
        OwnerReference owner = ownerReference(stack);
        return objects.stream().map(o -> {
            HasMetadata copy = SERIALIZATION.clone(o);
            copy.getMetadata().setNamespace(stack.metadata().namespace());
            copy.getMetadata().setOwnerReferences(List.of(owner));
            Map<String, String> annotations = copy.getMetadata().getAnnotations() == null
                    ? new LinkedHashMap<>() : new LinkedHashMap<>(copy.getMetadata().getAnnotations());
            annotations.remove(HASH_ANNOTATION);
            copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
            String digest = digest(copy);
            annotations.put(HASH_ANNOTATION, digest);
            copy.getMetadata().setAnnotations(annotations);
            return copy;
        }).toList();
    }

    public static OwnerReference ownerReference(Stack stack) {
        return new OwnerReferenceBuilder().withApiVersion(Stack.API_VERSION).withKind(Stack.KIND)
                .withName(stack.metadata().name()).withUid(stack.metadata().uid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The digest a child was stamped with, or {@code ""}. */
    public static String digestOf(HasMetadata live) {
        Map<String, String> a = live.getMetadata().getAnnotations();
        return a == null ? "" : a.getOrDefault(HASH_ANNOTATION, "");
    }

    /** Whether {@code live} is controlled by the stack with this uid. */
    public static boolean controlledBy(HasMetadata live, String stackUid) {
        List<OwnerReference> refs = live.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController())
                && stackUid.equals(r.getUid()));
    }

    static String digest(HasMetadata o) {
        try {
            Object tree = CANONICAL.readValue(SERIALIZATION.asJson(o), Object.class);
            byte[] bytes = CANONICAL.writeValueAsBytes(tree);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(sha, 0, 16);
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException("cannot digest " + o.getKind() + " " + o.getMetadata().getName(), e);
        }
    }
}
