package dev.kstack.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.LoadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose {@code build} sections → the builders' command lines (no process runs), the tags, warnings and errors. */
class BuildPlanTest {
    static final Path DOCKER = Path.of("/usr/bin/docker");
    static final Path PROJECT = Path.of("/project");

    static ComposeProject project(String yaml) throws Exception {
        return ComposeLoader.loadText("compose.yaml", yaml, LoadOptions.of(Path.of("/project"), Map.of())).project();
    }

    /** The build command of the only service, "web", with docker and the registry r:5000. */
    static List<String> dockerBuild(String buildSection) throws Exception {
        return invocation(Builder.DOCKER, buildSection).command();
    }

    static BuilderCommands.Invocation invocation(Builder builder, String buildSection) throws Exception {
        BuildPlan plan = BuildPlan.of(project("name: shop\nservices:\n  web:\n" + buildSection.indent(4)
                + "secrets:\n  token: {file: ./token.txt}\n  fromenv: {environment: TOKEN}\n  inline: {content: x}\n"),
                PROJECT, "r:5000", List.of());
        return BuilderCommands.build(builder, Path.of("/usr/bin/" + builder.command()), plan.requests().get(0),
                Optional.empty());
    }

    static Stream<Arguments> dockerRows() {
        return Stream.of(
                Arguments.of("build: .", "-t r:5000/shop-web /project"),
                Arguments.of("build: ./web", "-t r:5000/shop-web /project/web"),
                Arguments.of("build: {dockerfile: Dockerfile.dev}",
                        "-t r:5000/shop-web -f /project/Dockerfile.dev /project"),
                Arguments.of("image: app:2\nbuild: ./web", "-t r:5000/app:2 /project/web"),
                Arguments.of("image: ghcr.io/me/app\nbuild: ./web", "-t ghcr.io/me/app /project/web"),
                Arguments.of("build: {context: ./web, dockerfile: Dockerfile.prod}",
                        "-t r:5000/shop-web -f /project/web/Dockerfile.prod /project/web"),
                Arguments.of("build: {context: ./web, dockerfile: /abs/Dockerfile}",
                        "-t r:5000/shop-web -f /abs/Dockerfile /project/web"),
                Arguments.of("build: {context: ., args: {GREETING: hello there, B: '2'}}",
                        "-t r:5000/shop-web --build-arg B=2 --build-arg GREETING=hello there /project"),
                Arguments.of("build: {context: ., args: [VERSION=1.0]}",
                        "-t r:5000/shop-web --build-arg VERSION=1.0 /project"),
                Arguments.of("build: {context: ., target: prod}", "-t r:5000/shop-web --target prod /project"),
                Arguments.of("build: {context: ., labels: {team: shop, tier: web}}",
                        "-t r:5000/shop-web --label team=shop --label tier=web /project"),
                Arguments.of("build: {context: ., labels: [team=shop]}", "-t r:5000/shop-web --label team=shop /project"),
                Arguments.of("build: {context: ., ssh: [default]}", "-t r:5000/shop-web --ssh default /project"),
                Arguments.of("build: {context: ., ssh: {key: /home/me/.ssh/id}}",
                        "-t r:5000/shop-web --ssh key=/home/me/.ssh/id /project"),
                Arguments.of("build: {context: ., secrets: [token]}",
                        "-t r:5000/shop-web --secret id=token,src=/project/token.txt /project"),
                Arguments.of("build: {context: ., secrets: [{source: fromenv, target: api}]}",
                        "-t r:5000/shop-web --secret id=api,env=TOKEN /project"),
                Arguments.of("build: {context: ., cache_from: [r:5000/shop-web:cache], network: host, no_cache: true,"
                        + " pull: true, extra_hosts: ['db:10.0.0.2'], platforms: [linux/amd64]}",
                        "-t r:5000/shop-web --cache-from r:5000/shop-web:cache --add-host db:10.0.0.2 --network host"
                                + " --platform linux/amd64 --no-cache --pull /project"),
                Arguments.of("build: {context: 'https://github.com/me/app.git#main', dockerfile: Dockerfile.x}",
                        "-t r:5000/shop-web -f Dockerfile.x https://github.com/me/app.git#main"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dockerRows")
    void dockerCommandLine(String service, String args) throws Exception {
        List<String> command = dockerBuild(service);
        assertThat(String.join(" ", command.subList(2, command.size()))).isEqualTo(args);
        assertThat(command.subList(0, 2)).containsExactly("/usr/bin/docker", "build");
    }

    @Test
    void dockerUsesBuildKitOnlyForSshAndSecrets() throws Exception {
        assertThat(invocation(Builder.DOCKER, "build: .").environment()).isEmpty();
        assertThat(invocation(Builder.DOCKER, "build: {context: ., ssh: [default]}").environment())
                .containsExactlyEntriesOf(Map.of("DOCKER_BUILDKIT", "1"));
        assertThat(invocation(Builder.DOCKER, "build: {context: ., secrets: [token]}").environment())
                .containsExactlyEntriesOf(Map.of("DOCKER_BUILDKIT", "1"));
        assertThat(invocation(Builder.BUILDAH, "build: {context: ., ssh: [default]}").environment()).isEmpty();
    }

    @Test
    void buildahAndPodmanTakeTheSameFlagsAndAnEnvironmentSecretTheirWay() throws Exception {
        String section = "build: {context: ./web, dockerfile: D, args: {A: '1'}, target: t, labels: {l: v},"
                + " ssh: [default], secrets: [token, fromenv]}";
        for (Builder b : List.of(Builder.BUILDAH, Builder.PODMAN)) {
            assertThat(String.join(" ", invocation(b, section).command())).isEqualTo("/usr/bin/" + b.command()
                    + " build -t r:5000/shop-web -f /project/web/D --build-arg A=1 --target t --label l=v --ssh default"
                    + " --secret id=token,src=/project/token.txt --secret id=fromenv,src=TOKEN,type=env /project/web");
        }
    }

    @Test
    void anInlineDockerfileIsPassedAsTheFileItWasWrittenTo() throws Exception {
        BuildPlan plan = BuildPlan.of(project("name: shop\nservices:\n  web:\n    build:\n      context: .\n"
                + "      dockerfile_inline: |\n        FROM busybox\n"), PROJECT, "r:5000", List.of());
        BuildRequest r = plan.requests().get(0);
        assertThat(r.dockerfileInline()).contains("FROM busybox\n");
        assertThat(BuilderCommands.build(Builder.DOCKER, DOCKER, r, Optional.of(Path.of("/tmp/x/Dockerfile")))
                .command()).containsSequence("-f", "/tmp/x/Dockerfile");
    }

    @Test
    void pushCommands() throws Exception {
        BuildRequest r = BuildPlan.of(project("name: shop\nservices:\n  web: {build: .}\n"), PROJECT, "r:5000",
                List.of())
                .requests().get(0);
        Path digest = Path.of("/tmp/d");
        assertThat(BuilderCommands.push(Builder.DOCKER, DOCKER, r, digest).command())
                .containsExactly("/usr/bin/docker", "push", "r:5000/shop-web");
        assertThat(BuilderCommands.push(Builder.PODMAN, Path.of("/usr/bin/podman"), r, digest).command())
                .containsExactly("/usr/bin/podman", "push", "--digestfile", "/tmp/d", "r:5000/shop-web");
    }

    @Test
    void theRegistryComesFromTheFlagElseFromXKubernetes() throws Exception {
        ComposeProject p = project("name: shop\nx-kubernetes: {registry: reg.local:5000}\nservices:\n  web: {build: .}\n");
        assertThat(BuildPlan.of(p, PROJECT, "", List.of()).requests().get(0).tag())
                .isEqualTo("reg.local:5000/shop-web");
        assertThat(BuildPlan.of(p, PROJECT, "other:1", List.of()).requests().get(0).tag())
                .isEqualTo("other:1/shop-web");
    }

    @Test
    void onlyServicesWithBuildAreBuiltOrThoseNamed() throws Exception {
        ComposeProject p = project("name: shop\nservices:\n  web: {build: ./web}\n  api: {build: ./api}\n"
                + "  db: {image: redis}\n");
        assertThat(BuildPlan.of(p, PROJECT, "r", List.of()).requests()).extracting(BuildRequest::service)
                .containsExactly("web", "api");
        assertThat(BuildPlan.of(p, PROJECT, "r", List.of("api")).requests()).extracting(BuildRequest::service)
                .containsExactly("api");
    }

    @Test
    void errorsNameTheServiceAndSayWhatIsMissing() throws Exception {
        ComposeProject p = project("name: shop\nservices:\n  web: {build: ./web}\n  app: {image: app, build: .}\n"
                + "  ext: {image: ghcr.io/me/ext, build: .}\n  db: {image: redis}\n");
        assertThatThrownBy(() -> BuildPlan.of(p, PROJECT, "", List.of()))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BuildException.Kind.USAGE);
                    assertThat(e.getMessage()).isEqualTo("""
                            service "web": no registry to push the image "shop-web" to (give --registry, or \
                            x-kubernetes.registry at the top of the compose file)
                            service "app": no registry to push the image "app" to (give --registry, or \
                            x-kubernetes.registry at the top of the compose file)""");
                });
        assertThatThrownBy(() -> BuildPlan.of(p, PROJECT, "r", List.of("db", "nope")))
                .hasMessage("service \"db\": has no build section\nservice \"nope\": no such service");
    }

    @Test
    void whatNoBuilderIsGivenWarnsOnceEach() throws Exception {
        BuildPlan plan = BuildPlan.of(project("name: shop\nservices:\n  web:\n    build:\n      context: .\n"
                + "      isolation: hyperv\n      tags: [x:1]\n      platforms: [linux/amd64, linux/arm64]\n"
                + "      secrets: [inline]\n      shm_size: 1g\n"
                + "secrets:\n  inline: {content: x}\n"), PROJECT, "r", List.of());
        assertThat(plan.warnings()).containsExactly(
                "service \"web\": build.secrets inline is ignored by kstack build (only file and environment secrets"
                        + " are passed)",
                "service \"web\": build.platforms is ignored by kstack build (several platforms need a multi-platform"
                        + " builder)",
                "service \"web\": build.isolation is ignored by kstack build",
                "service \"web\": build.shm_size is ignored by kstack build",
                "service \"web\": build.tags is ignored by kstack build (only the pushed image is tagged)");
    }
}
