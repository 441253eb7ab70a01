package dev.kstack.convert.compose;

import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.KubernetesNames;
import dev.kstack.api.Sha256;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.model.Resources.FileObject;
import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Secrets and ConfigMaps a client creates for a stack's non-external secrets and configs, from their
 * {@code file}, {@code content} or {@code environment}: named as the Stack names them, holding the content
 * under a key of that same name, labelled with the stack. Also the SHA-256 of each content, for the pod
 * templates' content hash.
 */
public final class ReferencedFiles {
    /** The objects, and the digest of each by object name. */
    public record Result(List<HasMetadata> objects, Map<String, String> secretDigests,
            Map<String, String> configDigests) {
        public Result {
            objects = List.copyOf(objects);
            secretDigests = Map.copyOf(secretDigests);
            configDigests = Map.copyOf(configDigests);
        }
    }

    private ReferencedFiles() {
    }

    /**
     * Reads the content of every non-external secret and config of the project.
     *
     * @param environment the variables that {@code environment:} sources read
     * @throws IOException when a {@code file} cannot be read
     */
    public static Result of(ComposeProject project, String stack, String namespace, Map<String, String> environment)
            throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, String> secretDigests = new LinkedHashMap<>();
        Map<String, String> configDigests = new LinkedHashMap<>();
        for (Map.Entry<String, FileObject> e : project.secrets().entrySet()) {
            Optional<byte[]> content = content(e.getValue(), environment);
            if (content.isPresent()) {
                String name = KubernetesNames.subdomain(e.getValue().name().orElse(e.getKey()));
                objects.add(secret(name, dataKey(e.getValue(), name), stack, namespace, content.get()));
                secretDigests.put(name, sha256(content.get()));
            }
        }
        for (Map.Entry<String, FileObject> e : project.configs().entrySet()) {
            Optional<byte[]> content = content(e.getValue(), environment);
            if (content.isPresent()) {
                String name = KubernetesNames.subdomain(e.getValue().name().orElse(e.getKey()));
                objects.add(configMap(name, dataKey(e.getValue(), name), stack, namespace, content.get()));
                configDigests.put(name, sha256(content.get()));
            }
        }
        return new Result(objects, secretDigests, configDigests);
    }

    private static Optional<byte[]> content(FileObject f, Map<String, String> environment) throws IOException {
        if (f.external().orElse(false)) {
            return Optional.empty();
        }
        if (f.content().isPresent()) {
            return Optional.of(f.content().get().getBytes(StandardCharsets.UTF_8));
        }
        if (f.environment().isPresent()) {
            return Optional.of(environment.getOrDefault(f.environment().get(), "").getBytes(StandardCharsets.UTF_8));
        }
        if (f.file().isPresent()) {
            return Optional.of(Files.readAllBytes(Path.of(f.file().get())));
        }
        return Optional.empty();
    }

    /** The key of the content: the file's base name for a file, as the Docker CLI writes it ({@link FileObjectConfig#dataKey}). */
    private static String dataKey(FileObject f, String name) {
        return FileObjectConfig.dataKey(f.file().orElse(""), name);
    }

    private static Secret secret(String name, String key, String stack, String namespace, byte[] content) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace.isEmpty() ? null : namespace)
                .withLabels(Map.of(StackLabels.STACK, stack)).endMetadata()
                .withType("Opaque")
                .withData(Map.of(key, Base64.getEncoder().encodeToString(content)))
                .build();
    }

    private static ConfigMap configMap(String name, String key, String stack, String namespace, byte[] content) {
        ConfigMapBuilder b = new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace.isEmpty() ? null : namespace)
                .withLabels(Map.of(StackLabels.STACK, stack)).endMetadata();
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
            b.withData(Map.of(key, text));
        } catch (CharacterCodingException notText) {
            b.withBinaryData(Map.of(key, Base64.getEncoder().encodeToString(content)));
        }
        return b.build();
    }

    static String sha256(byte[] content) {
        return Sha256.hex(content);
    }
}
