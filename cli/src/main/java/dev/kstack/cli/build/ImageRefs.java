package dev.kstack.cli.build;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Image references: where one is pushed ({@code <registry>/<name>}) and the digest-pinned form that is deployed. */
public final class ImageRefs {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private ImageRefs() {
    }

    /**
     * Whether the reference names its registry, as the Docker CLI decides: the part before the first {@code /} has a
     * {@code .} or a {@code :}, or is {@code localhost}.
     */
    public static boolean hasRegistry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    /**
     * Where an image of that name is pushed: the name itself when it names a registry, else {@code registry/name}.
     *
     * @throws IllegalArgumentException when the name has no registry and {@code registry} is empty
     */
    public static String pushTarget(String registry, String image) {
        if (hasRegistry(image)) {
            return image;
        }
        if (registry.isEmpty()) {
            throw new IllegalArgumentException("no registry");
        }
        String r = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        return r + "/" + image;
    }

    /** The reference without its tag and digest: {@code host:5000/a/b:1@sha256:...} → {@code host:5000/a/b}. */
    public static String repository(String ref) {
        String r = ref;
        int at = r.indexOf('@');
        if (at >= 0) {
            r = r.substring(0, at);
        }
        int colon = r.lastIndexOf(':');
        if (colon > r.lastIndexOf('/')) {
            r = r.substring(0, colon);
        }
        return r;
    }

    /**
     * The reference pinned to the pushed digest, {@code repository@sha256:...}: a new build is a new reference, so
     * the pods roll; the same build is the same one, so they stay.
     */
    public static String pinned(String pushed, String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return repository(pushed) + "@" + digest;
    }

    /**
     * The pushed digest: after {@code digest: } in the Docker CLI's push output ({@code latest: digest: sha256:...}),
     * or the whole text of a {@code --digestfile} (buildah, podman).
     */
    public static Optional<String> digestIn(String output) {
        Matcher m = PUSHED_DIGEST.matcher(output);
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        String alone = output.strip();
        return DIGEST.matcher(alone).matches() ? Optional.of(alone) : Optional.empty();
    }
}
