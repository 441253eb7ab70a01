package dev.kstack.cli;

import dev.kstack.cli.build.BuildException;
import dev.kstack.cli.build.BuildPlan;
import dev.kstack.cli.build.Builder;
import dev.kstack.cli.build.BuilderDetection;
import dev.kstack.cli.build.ImageBuilds;
import dev.kstack.compose.ComposeProject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How {@code kstack build} and {@code kstack deploy --build} build and push images: the registry and the builder. */
final class BuildOptions {
    @Option(names = "--registry", paramLabel = "REGISTRY",
            description = "Registry to push the built images to, as host[:port][/path] (default: x-kubernetes.registry"
                    + " of the compose file; an image whose name has a registry is pushed there).")
    String registry = "";

    @Option(names = "--builder", paramLabel = "BUILDER",
            description = "docker, buildah or podman (default: the first usable, in that order).")
    Builder builder;

    /**
     * Builds and pushes the images of {@code services} (empty: every service with {@code build}).
     *
     * @return service name → the pushed reference pinned to its digest
     */
    Map<String, String> buildAndPush(ComposeProject project, ComposeOptions compose, List<String> services,
            PrintWriter out, PrintWriter err) throws BuildException {
        BuildPlan plan = BuildPlan.of(project, compose.projectDir(), registry, services);
        plan.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        if (plan.requests().isEmpty()) {
            out.println("No service has a build section");
            return Map.of();
        }
        Map<String, String> env = System.getenv();
        BuilderDetection.Detected detected = BuilderDetection.detect(Optional.ofNullable(builder),
                ImageBuilds.systemProbe(), env);
        out.println("Building with " + detected.description());
        out.flush();
        return ImageBuilds.run(plan, detected, env, out);
    }

    /** The exit code of a build failure, after printing it. */
    static int report(BuildException e, PrintWriter err) {
        err.println("error: " + e.getMessage());
        return e.kind() == BuildException.Kind.USAGE ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }
}
