package dev.kstack.convert.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kstack.compose.LoadOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per lifecycle-hook rule: a compose service {@code web} (busybox, an anonymous volume at /data) with hooks
 * in, a part of its Deployment's pod spec and the warnings out.
 */
class LifecycleHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAD = "services:\n  web:\n    image: busybox\n    environment: {MODE: prod, LEVEL: info}\n"
            + "    volumes: [/data]\n";

    @TempDir
    Path dir;

    static Stream<Arguments> rules() {
        return Stream.of(
            arguments("a pre_start hook is an init container of the service's image, with its mounts and environment",
                "    pre_start:\n      - command: sh -c 'date > /data/started'\n",
                "/initContainers",
                "[{\"command\":[\"sh\",\"-c\",\"date > /data/started\"],\"env\":[{\"name\":\"MODE\",\"value\":\"prod\"},"
                        + "{\"name\":\"LEVEL\",\"value\":\"info\"}],\"image\":\"busybox\",\"name\":\"web-pre-start-0\","
                        + "\"volumeMounts\":[{\"mountPath\":\"/data\",\"name\":\"anon-0\"}]}]",
                List.of()),
            arguments("pre_start hooks run in order, each with its own user, privilege, working_dir and environment",
                "    pre_start:\n      - command: [touch, /data/a]\n      - command: [chown, '1000', /data/a]\n"
                        + "        user: '0:0'\n        privileged: true\n        working_dir: /data\n"
                        + "        environment: [LEVEL=debug, EXTRA=$$HOME]\n",
                "/initContainers",
                "[{\"command\":[\"touch\",\"/data/a\"],\"env\":[{\"name\":\"MODE\",\"value\":\"prod\"},"
                        + "{\"name\":\"LEVEL\",\"value\":\"info\"}],\"image\":\"busybox\",\"name\":\"web-pre-start-0\","
                        + "\"volumeMounts\":[{\"mountPath\":\"/data\",\"name\":\"anon-0\"}]},"
                        + "{\"command\":[\"chown\",\"1000\",\"/data/a\"],\"env\":[{\"name\":\"MODE\",\"value\":\"prod\"},"
                        + "{\"name\":\"LEVEL\",\"value\":\"debug\"},{\"name\":\"EXTRA\",\"value\":\"$$HOME\"}],"
                        + "\"image\":\"busybox\",\"name\":\"web-pre-start-1\",\"securityContext\":{\"privileged\":true,"
                        + "\"runAsGroup\":0,\"runAsUser\":0},\"volumeMounts\":[{\"mountPath\":\"/data\",\"name\":\"anon-0\"}],"
                        + "\"workingDir\":\"/data\"}]",
                List.of()),
            arguments("a pre_start user name cannot be expressed: the hook runs as the service's user",
                "    user: '100'\n    pre_start:\n      - {command: [id], user: nobody}\n",
                "/initContainers/0/securityContext",
                "{\"runAsUser\":100}",
                List.of("service \"web\": pre_start[0].user \"nobody\" is ignored (Kubernetes needs a numeric uid[:gid])")),
            arguments("one post_start hook is the postStart exec handler, its command as is",
                "    post_start:\n      - command: [sh, -c, 'echo up > /data/up']\n",
                "/containers/0/lifecycle",
                "{\"postStart\":{\"exec\":{\"command\":[\"sh\",\"-c\",\"echo up > /data/up\"]}}}",
                List.of()),
            arguments("several pre_stop hooks: one sh -c handler running them in order, with their directories and variables",
                "    pre_stop:\n      - command: [nginx, -s, quit]\n      - command: [sh, -c, 'echo \"bye $$X\" >> log']\n"
                        + "        working_dir: /data\n        environment: {X: it's me}\n",
                "/containers/0/lifecycle",
                "{\"preStop\":{\"exec\":{\"command\":[\"sh\",\"-c\",\"(nginx -s quit) && (cd /data && env 'X=it'\\\\''s me' "
                        + "sh -c 'echo \\\"bye $X\\\" >> log')\"]}}}",
                List.of()),
            arguments("post_start and pre_stop together",
                "    post_start: [{command: [a]}]\n    pre_stop: [{command: [b]}]\n",
                "/containers/0/lifecycle",
                "{\"postStart\":{\"exec\":{\"command\":[\"a\"]}},\"preStop\":{\"exec\":{\"command\":[\"b\"]}}}",
                List.of()),
            arguments("what a handler cannot express warns: its own user and privilege",
                "    post_start:\n      - {command: [a], user: root, privileged: true}\n",
                "/containers/0/lifecycle",
                "{\"postStart\":{\"exec\":{\"command\":[\"a\"]}}}",
                List.of("service \"web\": post_start[0].privileged is ignored (a Kubernetes postStart handler has the "
                                + "container's privileges)",
                        "service \"web\": post_start[0].user is ignored (a Kubernetes postStart handler runs as the "
                                + "container's user)")),
            arguments("a hook variable that is not set is left out",
                "    pre_stop:\n      - {command: [a], environment: [UNSET_HERE]}\n",
                "/containers/0/lifecycle",
                "{\"preStop\":{\"exec\":{\"command\":[\"a\"]}}}",
                List.of("service \"web\": pre_stop[0]: environment variable UNSET_HERE has no value and is left out")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void hooks(String rule, String hooks, String pointer, String expectedJson, List<String> warnings) throws Exception {
        ComposeConversion.Converted converted = convert(HEAD + hooks);
        assertThat(JSON.readTree(podSpec(converted).at(pointer).toString())).isEqualTo(JSON.readTree(expectedJson));
        assertThat(converted.warnings().stream().filter(w -> w.contains("pre_start") || w.contains("post_start")
                || w.contains("pre_stop"))).containsExactlyElementsOf(warnings);
    }

    @Test
    void theInitContainerMountsWhatTheMainContainerMounts() throws Exception {
        JsonNode pod = podSpec(convert("services:\n  web:\n    image: busybox\n    volumes: [data:/data, /cache]\n"
                + "    tmpfs: [/tmp]\n    secrets: [pw]\n    pre_start: [{command: [ls]}]\n"
                + "volumes:\n  data: {}\nsecrets:\n  pw: {environment: PW}\n"));
        assertThat(pod.at("/initContainers/0/volumeMounts")).isEqualTo(pod.at("/containers/0/volumeMounts"));
        assertThat(pod.at("/initContainers/0/volumeMounts").size()).isEqualTo(4);
    }

    private ComposeConversion.Converted convert(String yaml) throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeConversion.convert(LoadOptions.of(dir, Map.of("PW", "secret")).withProjectName("shop"), "", "");
    }

    private static JsonNode podSpec(ComposeConversion.Converted converted) {
        for (HasMetadata o : converted.objects()) {
            if (o.getMetadata().getName().equals("web") && !o.getKind().equals("Service")) {
                return JSON.valueToTree(o).at("/spec/template/spec");
            }
        }
        throw new AssertionError("no workload web");
    }
}
