package dev.kstack.convert;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a compose name that is not a Kubernetes name ({@code front_end}, whose Service is {@code front-end}) still
 * resolves inside the stack: every pod of the stack gets its own {@code /etc/hosts} mapping each such name to the
 * ClusterIP of its internal Service. Kubernetes refuses those names in {@code hostAliases} (they must be DNS-1123
 * subdomains), so the file is the pod template's annotation {@value #ANNOTATION}, projected by a downward API volume
 * and mounted over {@code /etc/hosts} (the kubelet then leaves that file alone). The addresses come from the
 * controller, which knows them once the Services exist; a Service created again with another address changes the
 * file and so rolls the pods. The file carries what the kubelet's would: the localhost lines and the service's
 * {@code extra_hosts}; it does not carry the pod's own host name.
 */
final class StackHosts {
    static final String ANNOTATION = "kstack.dev/hosts";
    static final String VOLUME = "kstack-hosts";
    static final String PATH = "/etc/hosts";
    private static final String FILE = "hosts";

    /** The pod template's additions: the annotation with the file, the volume and the container's mount. */
    record Mount(String content, Volume volume, VolumeMount mount) {
    }

    private StackHosts() {
    }

    /**
     * The hosts file of one service's pods, when the stack has renamed services and every one of their addresses is
     * known; empty when no file is needed or an address is still missing (see {@link ConversionResult#unresolved}).
     */
    static Optional<Mount> of(ServiceContext ctx, List<HostAlias> extraHosts) {
        Map<String, String> aliased = ctx.names().aliased();
        if (aliased.isEmpty() || !ctx.input().addresses().keySet().containsAll(aliased.keySet())) {
            return Optional.empty();
        }
        if (ctx.service().volumes().stream().anyMatch(v -> PATH.equals(v.target()))) {
            ctx.warn("mounts " + PATH + " itself, so the names " + aliased.keySet() + " do not resolve in its pods");
            return Optional.empty();
        }
        StringBuilder file = new StringBuilder()
                .append("# kstack: compose service names that are not Kubernetes names, and extra_hosts\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        aliased.keySet().forEach(name -> file.append(ctx.input().addresses().get(name)).append('\t').append(name)
                .append('\n'));
        extraHosts.forEach(a -> file.append(a.getIp()).append('\t').append(String.join(" ", a.getHostnames()))
                .append('\n'));
        Volume volume = new VolumeBuilder().withName(VOLUME).withNewDownwardAPI().addNewItem().withPath(FILE)
                .withNewFieldRef().withFieldPath("metadata.annotations['" + ANNOTATION + "']").endFieldRef()
                .endItem().endDownwardAPI().build();
        VolumeMount mount = new VolumeMountBuilder().withName(VOLUME).withMountPath(PATH).withSubPath(FILE)
                .withReadOnly(true).build();
        return Optional.of(new Mount(file.toString(), volume, mount));
    }

    /** The one warning line of a service whose Kubernetes name is not its compose name. */
    static void warnRenamed(ServiceContext ctx) {
        String object = ctx.objectName();
        if (object.equals(ctx.name())) {
            return;
        }
        if (!ctx.names().renamed(ctx.name())) {
            ctx.warn("its Kubernetes objects are named \"" + object + "\" (DNS ignores case, so \"" + ctx.name()
                    + "\" resolves)");
        } else if (ctx.names().aliased().containsKey(ctx.name())) {
            ctx.warn("its Kubernetes objects are named \"" + object + "\"; the stack's pods resolve \"" + ctx.name()
                    + "\" to the ClusterIP of Service \"" + object + "\" through /etc/hosts, written once the"
                    + " Service has its address");
        } else {
            ctx.warn("its Kubernetes objects are named \"" + object + "\"; \"" + ctx.name() + "\" does not resolve"
                    + " (its internal Service is headless: list its ports under expose to get a ClusterIP)");
        }
    }
}
