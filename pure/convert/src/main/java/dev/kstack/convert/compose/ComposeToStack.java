package dev.kstack.convert.compose;

import dev.kstack.api.External;
import dev.kstack.api.FileObjectConfig;
import dev.kstack.api.KubernetesNames;
import dev.kstack.api.NetworkConfig;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.VolumeConfig;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.model.Resources.FileObject;
import dev.kstack.compose.model.Service;
import dev.kstack.compose.model.Resources.Volume;
import dev.kstack.convert.InvalidStackException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A loaded compose project as a Stack: the v1alpha3 spec with kstack's additions, and one warning line per
 * compose attribute the Stack cannot carry. The {@code x-kubernetes} extension supplies what compose has no
 * words for (see {@link KubernetesExtension}). Volume, secret and config keys that are not valid Kubernetes
 * names get a derived valid name (with a warning); service names stay as compose wrote them (the converter derives
 * the objects' names, {@code KubernetesNames.serviceObjectNames}). A service with a {@code provider} is left out
 * with a warning, and so are the {@code depends_on} entries on it.
 */
public final class ComposeToStack {
    private ComposeToStack() {
    }

    /** The stack spec and the warnings of the mapping. */
    public record MappedStack(String name, StackSpec spec, List<String> warnings) {
        public MappedStack {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Maps the project. {@code stackName} empty means the project's name (made a valid label if it can be);
     * {@code home} replaces a leading {@code ~} of bind mount sources (empty: left as is, which is then an error).
     *
     * @throws InvalidStackException when an {@code x-kubernetes} value or a port cannot be read
     */
    public static MappedStack map(ComposeProject project, String stackName, String home) throws InvalidStackException {
        return map(project, stackName, home, Map.of());
    }

    /**
     * As {@link #map(ComposeProject, String, String)}, with the images that {@code kstack build} built and pushed:
     * service name → the pushed reference ({@code registry/name@sha256:...}), used in place of {@code image} and
     * {@code build} (which then does not warn).
     */
    public static MappedStack map(ComposeProject project, String stackName, String home, Map<String, String> built)
            throws InvalidStackException {
        MappingNotes notes = new MappingNotes();
        String name = stackName.isEmpty() ? KubernetesNames.label(project.name()) : stackName;
        List<ServiceConfig> services = new ArrayList<>();
        Set<String> providers = new TreeSet<>();
        project.services().values().stream().filter(s -> s.provider().isPresent()).forEach(s -> {
            providers.add(s.name());
            notes.service(s.name(), "is left out: it has a provider (" + s.provider().get().type()
                    + "), and kstack does not run provider plugins");
        });
        project.services().values().stream().filter(s -> !providers.contains(s.name()))
                .forEach(s -> services.add(ServiceMapping.of(project.name(), s, home, providers, built, notes)));
        KubernetesExtension ext = KubernetesExtension.of(project.extensions(), "", KubernetesExtension.PROJECT_KEYS,
                notes, "", "");
        project.models().keySet().forEach(m -> notes.top("model", m, "is ignored"));
        StackSpec spec = new StackSpec(services, files("secret", project.secrets(), notes),
                files("config", project.configs(), notes), volumes(project.volumes(), notes),
                networks(project), ext.bool("network_policies"));
        if (!notes.problems().isEmpty()) {
            throw new InvalidStackException(notes.problems());
        }
        return new MappedStack(name, spec, notes.warnings());
    }

    /** The image a service's {@code build} makes: its {@code image}, or compose's default {@code <project>-<service>}. */
    public static String imageName(ComposeProject project, Service service) {
        return ServiceMapping.imageName(project.name(), service);
    }

    private static Map<String, VolumeConfig> volumes(Map<String, Volume> volumes, MappingNotes notes) {
        Map<String, VolumeConfig> out = new LinkedHashMap<>();
        volumes.forEach((key, v) -> {
            KubernetesExtension ext = KubernetesExtension.of(v.extensions(), "volumes." + key,
                    KubernetesExtension.VOLUME_KEYS, notes, "volume", key);
            boolean external = v.external().orElse(false);
            // A name the file wrote names the claims; the loader's default (<project>_<key>) does not.
            String wanted = external || !v.nameDefaulted() ? v.name().orElse(key) : key;
            String claim = KubernetesNames.label(wanted);
            if (!claim.equals(wanted) && !external) {
                notes.top("volume", key, "the claims are named \"" + claim + "\" (a valid Kubernetes name)");
            }
            if (v.driver().isPresent() && !v.driver().get().equals("local")) {
                notes.top("volume", key, "driver is ignored (use x-kubernetes.storage_class)");
            }
            if (!v.driverOpts().isEmpty()) {
                notes.top("volume", key, "driver_opts is ignored (use x-kubernetes)");
            }
            out.put(key, new VolumeConfig(claim.equals(key) ? "" : claim, external ? new External(claim, true) : null,
                    v.labels(), ext.string("size"), ext.string("storage_class"), ext.strings("access_modes")));
        });
        return out;
    }

    private static Map<String, FileObjectConfig> files(String kind, Map<String, FileObject> objects,
            MappingNotes notes) {
        Map<String, FileObjectConfig> out = new LinkedHashMap<>();
        objects.forEach((key, f) -> {
            boolean external = f.external().orElse(false);
            String object = KubernetesNames.subdomain(f.name().orElse(key));
            if (!object.equals(f.name().orElse(key))) {
                notes.top(kind, key, "the " + (kind.equals("secret") ? "Secret" : "ConfigMap") + " is named \""
                        + object + "\" (a valid Kubernetes name)");
            }
            if (f.driver().isPresent()) {
                notes.top(kind, key, "driver is ignored");
            }
            if (f.templateDriver().isPresent()) {
                notes.top(kind, key, "template_driver is ignored");
            }
            out.put(key, new FileObjectConfig(external || object.equals(key) ? "" : object, f.file().orElse(""),
                    external ? new External(object, true) : null, f.labels()));
        });
        return out;
    }

    private static Map<String, NetworkConfig> networks(ComposeProject project) {
        Map<String, NetworkConfig> out = new LinkedHashMap<>();
        project.networks().forEach((key, n) -> {
            // The loader gives every network a default name (<project>_<key>); only a written or external one matters.
            String name = n.external().orElse(false) || !n.nameDefaulted() ? n.name().orElse("") : "";
            NetworkConfig config = new NetworkConfig(name, n.internal().orElse(false));
            boolean implicitDefault = key.equals("default") && !config.internal();
            if (!implicitDefault) {
                out.put(key, config);
            }
        });
        return out;
    }
}
