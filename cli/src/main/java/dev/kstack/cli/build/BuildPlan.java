package dev.kstack.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.model.Build;
import dev.kstack.compose.model.FileReference;
import dev.kstack.compose.model.Resources.FileObject;
import dev.kstack.compose.model.Service;
import dev.kstack.convert.compose.ComposeToStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services to build, read from a loaded compose project: one {@link BuildRequest} per service with a {@code build}
 * section (or those asked for), tagged for the registry, plus one warning per build key no builder is given.
 *
 * @param requests in the project's service order
 * @param warnings in the form {@code service "web": build.isolation is ignored by kstack build}
 */
public record BuildPlan(List<BuildRequest> requests, List<String> warnings) {
    /** The top-level {@code x-kubernetes} key that names the registry when {@code --registry} is not given. */
    public static final String REGISTRY_KEY = "registry";

    public BuildPlan {
        requests = List.copyOf(requests);
        warnings = List.copyOf(warnings);
    }

    /**
     * Plans the builds.
     *
     * @param projectDir the folder of the first compose file: the context of a {@code build} that names none
     * @param registry {@code --registry}; empty: the project's {@code x-kubernetes.registry}
     * @param only the services named on the command line; empty: every service with {@code build}
     * @throws BuildException (USAGE) for a named service that does not exist or has no {@code build}, or when an image
     *         has no registry to be pushed to
     */
    public static BuildPlan of(ComposeProject project, Path projectDir, String registry, List<String> only) throws BuildException {
        String reg = registry.isEmpty() ? projectRegistry(project) : registry;
        List<String> problems = new ArrayList<>();
        for (String name : only) {
            Service s = project.services().get(name);
            if (s == null) {
                problems.add("service \"" + name + "\": no such service");
            } else if (s.build().isEmpty()) {
                problems.add("service \"" + name + "\": has no build section");
            }
        }
        List<BuildRequest> requests = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Service s : project.services().values()) {
            if (s.build().isEmpty() || !only.isEmpty() && !only.contains(s.name())) {
                continue;
            }
            String image = ComposeToStack.imageName(project, s);
            if (reg.isEmpty() && !ImageRefs.hasRegistry(image)) {
                problems.add("service \"" + s.name() + "\": no registry to push the image \"" + image
                        + "\" to (give --registry, or x-kubernetes.registry at the top of the compose file)");
                continue;
            }
            requests.add(request(project, projectDir, s, s.build().get(), ImageRefs.pushTarget(reg, image), warnings));
        }
        if (!problems.isEmpty()) {
            throw new BuildException(BuildException.Kind.USAGE, String.join("\n", problems));
        }
        return new BuildPlan(requests, warnings);
    }

    private static String projectRegistry(ComposeProject project) {
        JsonNode ext = project.extensions().get("x-kubernetes");
        JsonNode r = ext == null ? null : ext.get(REGISTRY_KEY);
        return r == null || !r.isValueNode() ? "" : r.asText();
    }

    private static BuildRequest request(ComposeProject project, Path projectDir, Service s, Build b, String tag,
            List<String> warnings) {
        String context = b.context().orElse(projectDir.toString());
        Optional<String> dockerfile = b.dockerfile().map(f -> isRemote(context) || Path.of(f).isAbsolute() ? f
                : Path.of(context).resolve(f).toString());
        List<BuildRequest.Secret> secrets = new ArrayList<>();
        for (FileReference ref : b.secrets()) {
            FileObject secret = project.secrets().get(ref.source());
            String id = ref.target().orElse(ref.source());
            if (secret == null || secret.file().isEmpty() && secret.environment().isEmpty()) {
                warn(warnings, s, "build.secrets " + ref.source(), "only file and environment secrets are passed");
            } else {
                secrets.add(new BuildRequest.Secret(id, secret.file(), secret.environment()));
            }
        }
        Optional<String> platform = Optional.empty();
        if (b.platforms().size() == 1) {
            platform = Optional.of(b.platforms().get(0));
        } else if (b.platforms().size() > 1) {
            warn(warnings, s, "build.platforms", "several platforms need a multi-platform builder");
        }
        ignoredKeys(s, b, warnings);
        return new BuildRequest(s.name(), context, dockerfile, b.dockerfileInline(), b.args(),
                b.target(), b.labels(), b.ssh(), secrets, b.cacheFrom(), b.extraHosts(), b.network(),
                b.noCache().orElse(false), b.pull().orElse(false), platform, tag);
    }

    /** The keys of {@code build} that no builder is given (one warning each). */
    private static void ignoredKeys(Service s, Build b, List<String> warnings) {
        if (!b.additionalContexts().isEmpty()) {
            warn(warnings, s, "build.additional_contexts", "");
        }
        if (!b.cacheTo().isEmpty()) {
            warn(warnings, s, "build.cache_to", "");
        }
        if (!b.entitlements().isEmpty()) {
            warn(warnings, s, "build.entitlements", "");
        }
        if (b.isolation().isPresent()) {
            warn(warnings, s, "build.isolation", "");
        }
        if (b.privileged().isPresent()) {
            warn(warnings, s, "build.privileged", "");
        }
        if (b.provenance().isPresent()) {
            warn(warnings, s, "build.provenance", "");
        }
        if (b.sbom().isPresent()) {
            warn(warnings, s, "build.sbom", "");
        }
        if (b.shmSize().isPresent()) {
            warn(warnings, s, "build.shm_size", "");
        }
        if (!b.tags().isEmpty()) {
            warn(warnings, s, "build.tags", "only the pushed image is tagged");
        }
        if (!b.ulimits().isEmpty()) {
            warn(warnings, s, "build.ulimits", "");
        }
    }

    private static void warn(List<String> warnings, Service s, String what, String why) {
        warnings.add("service \"" + s.name() + "\": " + what + " is ignored by kstack build"
                + (why.isEmpty() ? "" : " (" + why + ")"));
    }

    static boolean isRemote(String context) {
        return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
    }
}
