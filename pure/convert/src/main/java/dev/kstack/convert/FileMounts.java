package dev.kstack.convert;

import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.FileReferenceConfig;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Secrets and configs mounted as files. The Secret (ConfigMap) named as the secret (config) holds the content
 * under a key of the same name; it is mounted read-only at the compose path: {@code /run/secrets/<target>}
 * for secrets (target defaults to the source), {@code /<target>} or the absolute target for configs.
 * {@code mode} becomes the file mode, compose's 0444 when none is given (Kubernetes' own default is 0644);
 * {@code uid}/{@code gid} cannot be set per file (a warning).
 * The pod template gets a hash over what it mounts, so a changed secret or config rolls the pods.
 */
final class FileMounts {
    static final String CONTENT_HASH = "kstack.dev/content-hash";
    /** Compose's mode of a secret or config file without {@code mode}: world-readable, 0444. */
    static final int DEFAULT_MODE = 0444;

    record Result(List<Volume> volumes, List<VolumeMount> mounts, String contentHash) {
    }

    private FileMounts() {
    }

    static Result of(ServiceContext ctx) {
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        TreeSet<String> hashed = new TreeSet<>();
        mount(ctx, "secrets", ctx.service().secrets(), ctx.spec().secrets(), ctx.input().secretDigests(),
                volumes, mounts, hashed);
        mount(ctx, "configs", ctx.service().configs(), ctx.spec().configs(), ctx.input().configDigests(),
                volumes, mounts, hashed);
        return new Result(volumes, mounts, hashed.isEmpty() ? "" : sha256(String.join("\n", hashed)));
    }

    private static void mount(ServiceContext ctx, String field, List<FileReferenceConfig> refs,
            Map<String, FileObjectConfig> declared, Map<String, String> digests,
            List<Volume> volumes, List<VolumeMount> mounts, TreeSet<String> hashed) {
        boolean secret = field.equals("secrets");
        for (int i = 0; i < refs.size(); i++) {
            FileReferenceConfig ref = refs.get(i);
            FileObjectConfig decl = declared.get(ref.source());
            if (decl == null) {
                ctx.problem(field + "[" + i + "].source", (secret ? "secret" : "config") + " \"" + ref.source()
                        + "\" is not declared in the top-level " + field);
                continue;
            }
            String object = decl.objectName(ref.source());
            String path = targetPath(secret, ref);
            String file = path.substring(path.lastIndexOf('/') + 1);
            String volumeName = (secret ? "secret-" : "config-") + i;
            KeyToPath item = new KeyToPathBuilder().withKey(decl.dataKey(ref.source()))
                    .withMode(ref.mode() == null ? DEFAULT_MODE : ref.mode().intValue()).withPath(file).build();
            VolumeBuilder vb = new VolumeBuilder().withName(volumeName);
            if (secret) {
                vb.withNewSecret().withSecretName(object).withItems(item).endSecret();
            } else {
                vb.withNewConfigMap().withName(object).withItems(item).endConfigMap();
            }
            volumes.add(vb.build());
            mounts.add(new VolumeMountBuilder().withName(volumeName).withMountPath(path).withSubPath(file)
                    .withReadOnly(true).build());
            if (!ref.uid().isEmpty() || !ref.gid().isEmpty()) {
                ctx.warn(field + "[" + i + "] uid/gid is ignored (Kubernetes cannot set a file's owner)");
            }
            hashed.add(field + "/" + object + "=" + digests.getOrDefault(object, ""));
        }
    }

    static String targetPath(boolean secret, FileReferenceConfig ref) {
        String target = ref.target().isEmpty() ? ref.source() : ref.target();
        if (target.startsWith("/")) {
            return target;
        }
        return (secret ? "/run/secrets/" : "/") + target;
    }

    static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
