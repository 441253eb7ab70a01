package dev.kstack.convert;

import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.VolumeConfig;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's volumes: named volumes become claim templates of a StatefulSet (or a claim reference when
 * external), anonymous volumes emptyDirs, absolute bind mounts hostPaths, tmpfs memory-backed emptyDirs.
 */
final class PodVolumes {
    static final String DEFAULT_SIZE = "1Gi";
    static final String DEFAULT_ACCESS_MODE = "ReadWriteOnce";
    private static final Pattern TMPFS_SIZE = Pattern.compile("(?:^|,)size=(\\d+)([kmgKMG]?)(?:b|B)?(?:,|$)");

    /** Pod volumes, the container's mounts and the claim templates (for a StatefulSet). */
    record Result(List<Volume> volumes, List<VolumeMount> mounts, List<PersistentVolumeClaim> claims) {
    }

    private PodVolumes() {
    }

    /** Whether the service needs a StatefulSet: it mounts a named volume that the stack owns. */
    static boolean needsClaims(ServiceContext ctx) {
        return !ctx.service().deploy().global() && ctx.service().volumes().stream().anyMatch(v ->
                isOwnedNamedVolume(ctx, v));
    }

    private static boolean isOwnedNamedVolume(ServiceContext ctx, ServiceVolumeConfig v) {
        return ServiceVolumeConfig.TYPE_VOLUME.equals(v.type()) && !v.source().isEmpty()
                && !declared(ctx, v.source()).external().external();
    }

    private static VolumeConfig declared(ServiceContext ctx, String name) {
        return ctx.spec().volumes().getOrDefault(name, VolumeConfig.DEFAULT);
    }

    static Result of(ServiceContext ctx) {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        List<VolumeMount> mounts = new ArrayList<>();
        Map<String, PersistentVolumeClaim> claims = new LinkedHashMap<>();
        List<ServiceVolumeConfig> list = ctx.service().volumes();
        for (int i = 0; i < list.size(); i++) {
            ServiceVolumeConfig v = list.get(i);
            String field = "volumes[" + i + "]";
            String name;
            switch (v.type()) {
                case ServiceVolumeConfig.TYPE_VOLUME -> {
                    if (v.source().isEmpty()) {
                        name = "anon-" + i;
                        volumes.put(name, new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build());
                    } else {
                        VolumeConfig decl = declared(ctx, v.source());
                        name = decl.claimName(v.source());
                        if (decl.external().external()) {
                            volumes.put(name, new VolumeBuilder().withName(name).withNewPersistentVolumeClaim()
                                    .withClaimName(name).endPersistentVolumeClaim().build());
                        } else if (ctx.service().deploy().global()) {
                            ctx.warn("volume \"" + v.source() + "\" of a global service is an emptyDir"
                                    + " (DaemonSets have no volume claims)");
                            volumes.put(name, new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir()
                                    .build());
                        } else {
                            claims.putIfAbsent(name, claim(ctx, name, decl));
                        }
                    }
                }
                case ServiceVolumeConfig.TYPE_BIND -> {
                    if (!v.source().startsWith("/")) {
                        ctx.problem(field + ".source", "bind mount source \"" + v.source()
                                + "\" is not an absolute path: on Kubernetes a bind mount is a hostPath on the node"
                                + " that runs the pod; use an absolute path or a named volume");
                        continue;
                    }
                    name = "bind-" + i;
                    volumes.put(name, new VolumeBuilder().withName(name).withNewHostPath().withPath(v.source())
                            .endHostPath().build());
                }
                case ServiceVolumeConfig.TYPE_TMPFS -> {
                    name = "tmpfs-" + i;
                    volumes.put(name, memory(name, v.tmpfsSize()));
                }
                default -> {
                    ctx.problem(field + ".type", "volume type \"" + v.type() + "\" is not one of [bind, tmpfs, volume]");
                    continue;
                }
            }
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(v.target())
                    .withReadOnly(v.readOnly() ? Boolean.TRUE : null).build());
        }
        List<String> tmpfs = ctx.service().tmpfs();
        for (int i = 0; i < tmpfs.size(); i++) {
            String[] parts = tmpfs.get(i).split(":", 2);
            String name = "tmpfs-list-" + i;
            volumes.put(name, memory(name, parts.length > 1 ? tmpfsSize(parts[1]) : null));
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(parts[0]).build());
        }
        return new Result(List.copyOf(volumes.values()), mounts, List.copyOf(claims.values()));
    }

    private static Volume memory(String name, Long size) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(size == null ? null : Quantities.bytes(size)).endEmptyDir().build();
    }

    /** The size option of a short tmpfs entry ({@code /run:size=64m,mode=1777}), in bytes; null when absent. */
    static Long tmpfsSize(String options) {
        Matcher m = TMPFS_SIZE.matcher(options);
        if (!m.find()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    private static PersistentVolumeClaim claim(ServiceContext ctx, String name, VolumeConfig decl) {
        List<String> modes = decl.accessModes().isEmpty() ? List.of(DEFAULT_ACCESS_MODE) : decl.accessModes();
        String size = decl.size().isEmpty() ? DEFAULT_SIZE : decl.size();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withLabels(ctx.labels()).endMetadata()
                .withNewSpec().withAccessModes(modes)
                .withStorageClassName(decl.storageClass().isEmpty() ? null : decl.storageClass())
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec().build();
    }
}
