package dev.kstack.cli.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command lines that build and push one {@link BuildRequest} with a builder. The three builders take the same
 * build flags; they differ in the build verb, in BuildKit (the Docker CLI needs {@code DOCKER_BUILDKIT=1} for
 * {@code --ssh} and {@code --secret}) and in how the pushed digest is read (buildah and podman write it to a file;
 * the Docker CLI prints it).
 */
public final class BuilderCommands {
    /** A process to run: its arguments and the variables to add to its environment. */
    public record Invocation(List<String> command, Map<String, String> environment) {
        public Invocation {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }

    private BuilderCommands() {
    }

    /**
     * The build.
     *
     * @param inlineDockerfile where {@code dockerfile_inline}'s text was written, when the request has one
     */
    public static Invocation build(Builder builder, Path executable, BuildRequest r, Optional<Path> inlineDockerfile) {
        List<String> c = new ArrayList<>(List.of(executable.toString(), "build"));
        c.addAll(List.of("-t", r.tag()));
        Optional<String> dockerfile = inlineDockerfile.map(Path::toString).or(r::dockerfile);
        dockerfile.ifPresent(f -> c.addAll(List.of("-f", f)));
        r.args().forEach((k, v) -> c.addAll(List.of("--build-arg", k + "=" + v)));
        r.target().ifPresent(t -> c.addAll(List.of("--target", t)));
        r.labels().forEach((k, v) -> c.addAll(List.of("--label", k + "=" + v)));
        r.ssh().forEach(s -> c.addAll(List.of("--ssh", s)));
        for (BuildRequest.Secret s : r.secrets()) {
            c.addAll(List.of("--secret", secret(builder, s)));
        }
        r.cacheFrom().forEach(s -> c.addAll(List.of("--cache-from", s)));
        r.extraHosts().forEach(h -> c.addAll(List.of("--add-host", h.replaceFirst("=", ":"))));
        r.network().ifPresent(n -> c.addAll(List.of("--network", n)));
        r.platform().ifPresent(p -> c.addAll(List.of("--platform", p)));
        if (r.noCache()) {
            c.add("--no-cache");
        }
        if (r.pull()) {
            c.add("--pull");
        }
        c.add(r.context());
        Map<String, String> env = builder == Builder.DOCKER && r.needsBuildKit() ? Map.of("DOCKER_BUILDKIT", "1")
                : Map.of();
        return new Invocation(c, env);
    }

    /**
     * The push of the built tag.
     *
     * @param digestFile where buildah and podman write the pushed digest (the Docker CLI prints it instead)
     */
    public static Invocation push(Builder builder, Path executable, BuildRequest r, Path digestFile) {
        List<String> c = new ArrayList<>(List.of(executable.toString(), "push"));
        if (builder != Builder.DOCKER) {
            c.addAll(List.of("--digestfile", digestFile.toString()));
        }
        c.add(r.tag());
        return new Invocation(c, Map.of());
    }

    private static String secret(Builder builder, BuildRequest.Secret s) {
        if (s.file().isPresent()) {
            return "id=" + s.id() + ",src=" + s.file().get();
        }
        String var = s.environment().orElseThrow();
        return builder == Builder.DOCKER ? "id=" + s.id() + ",env=" + var : "id=" + s.id() + ",src=" + var + ",type=env";
    }
}
