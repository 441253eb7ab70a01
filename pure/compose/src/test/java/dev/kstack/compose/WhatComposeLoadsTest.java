package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.kstack.compose.model.ServiceVolume;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files that Docker Compose loads and kstack once refused, one class per row: what the project then holds, and the
 * note kstack prints where Compose warns (or where kstack reads a value other than as written).
 */
class WhatComposeLoadsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
            arguments("legacy external.name on a volume",
                "services:\n  web: {image: x}\nvolumes:\n  data:\n    external: {name: other}\n",
                (Function<ComposeProject, Object>) p -> p.volumes().get("data").name().orElseThrow()
                        + " " + p.volumes().get("data").external().orElseThrow(),
                "other true",
                List.of("compose.yaml:5:15: volumes.data.external: external.name is deprecated; read as name: other with external: true")),
            arguments("legacy external.name on a network",
                "services:\n  web: {image: x}\nnetworks:\n  front:\n    external:\n      name: shared\n",
                (Function<ComposeProject, Object>) p -> p.networks().get("front").name().orElseThrow()
                        + " " + p.networks().get("front").external().orElseThrow(),
                "shared true",
                List.of("compose.yaml:6:7: networks.front.external: external.name is deprecated; read as name: shared with external: true")),
            arguments("external as an empty mapping is external with the key as name",
                "services:\n  web: {image: x}\nvolumes:\n  data:\n    external: {}\n",
                (Function<ComposeProject, Object>) p -> p.volumes().get("data").name().orElseThrow()
                        + " " + p.volumes().get("data").external().orElseThrow(),
                "data true", List.of()),
            arguments("build.ssh as a mapping",
                "services:\n  web:\n    image: x\n    build:\n      context: .\n      ssh: {default: null, key: /home/me/.ssh/id}\n",
                (Function<ComposeProject, Object>) p -> p.services().get("web").build().orElseThrow().ssh(),
                List.of("default", "key=/home/me/.ssh/id"), List.of()),
            arguments("build.ssh as a list",
                "services:\n  web:\n    image: x\n    build: {context: ., ssh: [default]}\n",
                (Function<ComposeProject, Object>) p -> p.services().get("web").build().orElseThrow().ssh(),
                List.of("default"), List.of()),
            arguments("restart_policy.condition unless-stopped",
                "services:\n  web:\n    image: x\n    deploy:\n      restart_policy: {condition: unless-stopped}\n",
                (Function<ComposeProject, Object>) WhatComposeLoadsTest::condition, "any",
                List.of("compose.yaml:5:35: services.web.deploy.restart_policy.condition: \"unless-stopped\" is not one of none, on-failure, any; read as \"any\"")),
            arguments("restart_policy.condition always and no",
                "services:\n  web:\n    image: x\n    deploy: {restart_policy: {condition: always}}\n  db:\n    image: y\n    deploy: {restart_policy: {condition: 'no'}}\n",
                (Function<ComposeProject, Object>) p -> condition(p) + " "
                        + p.services().get("db").deploy().orElseThrow().restartPolicy().orElseThrow().condition().orElseThrow(),
                "any none",
                List.of("compose.yaml:4:42: services.web.deploy.restart_policy.condition: \"always\" is not one of none, on-failure, any; read as \"any\"",
                        "compose.yaml:7:42: services.db.deploy.restart_policy.condition: \"no\" is not one of none, on-failure, any; read as \"none\"")),
            arguments("a variable listed twice in list-form environment: the last wins",
                "services:\n  web:\n    image: x\n    environment:\n      - A=1\n      - B=2\n      - A=3\n",
                (Function<ComposeProject, Object>) p -> p.services().get("web").environment(),
                Map.of("A", "3", "B", "2"),
                List.of("compose.yaml:7:9: services.web.environment[2]: \"A\" is listed twice; the last value wins")),
            arguments("a label listed twice in list form: the last wins",
                "services:\n  web:\n    image: x\n    labels: [a=1, a=2]\n",
                (Function<ComposeProject, Object>) p -> p.services().get("web").labels(), Map.of("a", "2"),
                List.of("compose.yaml:4:19: services.web.labels[1]: \"a\" is listed twice; the last value wins")),
            arguments("Windows source and target with options",
                "services:\n  web:\n    image: x\n    volumes: ['C:\\data:D:\\config:rw']\n",
                (Function<ComposeProject, Object>) WhatComposeLoadsTest::firstVolume, "bind C:\\data D:\\config false",
                List.of()),
            arguments("Windows source, Linux target, read-only",
                "services:\n  web:\n    image: x\n    volumes: ['C:\\data:/data:ro', 'd:/logs:/logs']\n",
                (Function<ComposeProject, Object>) WhatComposeLoadsTest::firstVolume, "bind C:\\data /data true",
                List.of()),
            arguments("a UNC source",
                "services:\n  web:\n    image: x\n    volumes: ['\\\\server\\share:/share']\n",
                (Function<ComposeProject, Object>) WhatComposeLoadsTest::firstVolume, "bind \\\\server\\share /share false",
                List.of()),
            arguments("a one-letter named volume is a named volume (Compose would read an anonymous volume at a:/data)",
                "services:\n  web:\n    image: x\n    volumes: ['a:/data']\nvolumes:\n  a: {}\n",
                (Function<ComposeProject, Object>) WhatComposeLoadsTest::firstVolume, "volume a /data false",
                List.of()),
            arguments("services empty", "services: {}\n",
                (Function<ComposeProject, Object>) p -> p.services().size(), 0, List.of()),
            arguments("services absent", "volumes:\n  data: {}\n",
                (Function<ComposeProject, Object>) p -> p.services().size() + " " + p.volumes().keySet(), "0 [data]", List.of()),
            arguments("a top-level model with a name of its own",
                "services:\n  web: {image: x}\nmodels:\n  llm: {model: ai/smollm2, name: small}\n",
                (Function<ComposeProject, Object>) p -> p.models().get("llm").name().orElseThrow(), "small", List.of()));
    }

    private static String condition(ComposeProject p) {
        return p.services().get("web").deploy().orElseThrow().restartPolicy().orElseThrow().condition().orElseThrow();
    }

    private static String firstVolume(ComposeProject p) {
        ServiceVolume v = p.services().get("web").volumes().get(0);
        return v.type() + " " + v.source().orElse("") + " " + v.target() + " " + v.readOnly().orElse(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loads(String why, String yaml, Function<ComposeProject, Object> what, Object expected, List<String> notes)
            throws ComposeException {
        LoadResult result = ComposeLoader.loadText("compose.yaml", yaml, LoadOptions.of(Path.of("/project"), Map.of()));
        assertThat(what.apply(result.project())).isEqualTo(expected);
        assertThat(result.notes()).isEqualTo(notes);
    }
}
