package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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

/** Every error path: the exact one-line message, position and document path. */
class ErrorsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
            arguments("unknown attribute with a suggestion", "services:\n  web:\n    imag: x\n",
                "compose.yaml:3:5: services.web.imag: unknown attribute; did you mean \"image\"? (custom attributes must start with x-)"),
            arguments("unknown top-level key", "services: {}\nservice: {}\n",
                "compose.yaml:2:1: service: unknown top-level attribute; expected name, services, networks, volumes, secrets, configs, models, include or x-*"),
            arguments("wrong type", "services:\n  web:\n    image: x\n    privileged: maybe\n",
                "compose.yaml:4:17: services.web.privileged: expected a boolean (true or false), got \"maybe\""),
            arguments("sequence where a mapping belongs", "services:\n  web:\n    image: x\n    deploy: [1]\n",
                "compose.yaml:4:13: services.web.deploy: expected a mapping, got a sequence"),
            arguments("bad port", "services:\n  web:\n    image: x\n    ports: ['80:http']\n",
                "compose.yaml:4:13: services.web.ports[0]: invalid port \"80:http\": \"http\" is not a port or a port range; expected [ip:][published[-range]:]target[-range][/protocol]"),
            arguments("bad protocol", "services:\n  web:\n    image: x\n    ports: ['80/icmp']\n",
                "compose.yaml:4:13: services.web.ports[0].protocol: \"icmp\" is not allowed; expected one of tcp, udp, sctp"),
            arguments("port ranges of different length", "services:\n  web:\n    image: x\n    ports: ['1-3:1-2']\n",
                "compose.yaml:4:13: services.web.ports[0]: invalid port \"1-3:1-2\": the published range and the target range differ in length; expected [ip:][published[-range]:]target[-range][/protocol]"),
            arguments("bad volume option", "services:\n  web:\n    image: x\n    volumes: ['./a:/a:rx']\n",
                "compose.yaml:4:15: services.web.volumes[0]: invalid volume \"./a:/a:rx\": unknown option \"rx\"; expected ro, rw, z, Z, nocopy, a propagation mode or a consistency"),
            arguments("bad duration", "services:\n  web:\n    image: x\n    stop_grace_period: soon\n",
                "compose.yaml:4:24: services.web.stop_grace_period: expected a duration such as 1m30s or 500ms, got \"soon\""),
            arguments("bad byte size", "services:\n  web:\n    image: x\n    mem_limit: lots\n",
                "compose.yaml:4:16: services.web.mem_limit: expected a byte size such as 512m, 1gb or 1048576, got \"lots\""),
            arguments("bad condition", "services:\n  web:\n    image: x\n    depends_on: {db: {condition: ready}}\n  db: {image: y}\n",
                "compose.yaml:4:34: services.web.depends_on.db.condition: \"ready\" is not allowed; expected one of service_started, service_healthy, service_completed_successfully"),
            arguments("missing required port target", "services:\n  web:\n    image: x\n    ports: [{published: 80}]\n",
                "compose.yaml:4:13: services.web.ports[0]: missing required attribute \"target\""),
            arguments("undefined dependency", "services:\n  web:\n    image: x\n    depends_on: [db]\n",
                "compose.yaml:4:18: services.web.depends_on.db: service \"db\" is not defined"),
            arguments("undefined network", "services:\n  web:\n    image: x\n    networks: [back]\n",
                "compose.yaml:4:16: services.web.networks.back: network \"back\" is not defined in the top-level networks"),
            arguments("undefined volume", "services:\n  web:\n    image: x\n    volumes: ['data:/d']\n",
                "compose.yaml:4:15: services.web.volumes[0]: volume \"data\" is not defined in the top-level volumes"),
            arguments("undefined secret", "services:\n  web:\n    image: x\n    secrets: [pw]\n",
                "compose.yaml:4:15: services.web.secrets[0]: secret \"pw\" is not defined in the top-level secrets"),
            arguments("undefined config", "services:\n  web:\n    image: x\n    configs: [{source: c}]\n",
                "compose.yaml:4:24: services.web.configs[0]: config \"c\" is not defined in the top-level configs"),
            arguments("secret without a source", "secrets:\n  pw: {name: x}\nservices: {}\n",
                "compose.yaml:2:3: secrets.pw: expected exactly one of file, environment, content or external: true; found 0"),
            arguments("network_mode with networks", "services:\n  web:\n    image: x\n    network_mode: host\n    networks: [default]\n",
                "compose.yaml:4:19: services.web.network_mode: network_mode cannot be combined with networks"),
            arguments("extends of an unknown service", "services:\n  web:\n    extends: base\n",
                "compose.yaml:3:14: services.web.extends.service: service \"base\" is not defined"),
            arguments("duplicate key", "services:\n  web:\n    image: a\n    image: b\n",
                "compose.yaml:4:5: duplicate key \"image\" (first defined at line 3)"),
            arguments("syntax error", "services:\n  web: [\n",
                "compose.yaml:3:1: invalid YAML: while parsing a flow node: expected the node content, but found '<stream end>'"),
            arguments("undefined alias", "services:\n  web: *nope\n",
                "compose.yaml:2:8: invalid YAML: found undefined alias nope"),
            arguments("two documents", "services: {}\n---\nservices: {}\n",
                "compose.yaml:2:1: invalid YAML: expected a single document in the stream, found another one"),
            arguments("a merge key with a scalar", "x-a: &a 1\nservices:\n  web:\n    <<: *a\n    image: x\n",
                "compose.yaml:1:6: a merge key (<<) takes a mapping or a list of mappings, not an integer"),
            arguments("a quoted << is an ordinary key", "services:\n  web:\n    '<<': {image: x}\n",
                "compose.yaml:3:5: services.web.\"<<\": unknown attribute (custom attributes must start with x-)"),
            arguments("unknown tag", "services:\n  web: !merge {image: x}\n",
                "compose.yaml:2:8: unknown tag !merge; compose only knows !reset and !override"),
            arguments("not a mapping", "- a\n- b\n",
                "compose.yaml:1:1: a compose file must be a mapping, not a sequence"),
            arguments("services as a list", "services:\n  - web\n  - db\n",
                "compose.yaml:2:3: services: expected a mapping of names to definitions, got a sequence"),
            arguments("top-level volumes as a list", "services: {}\nvolumes: [data]\n",
                "compose.yaml:2:10: volumes: expected a mapping of names to definitions, got a sequence"),
            arguments("a NUL character", "services:\n  web:\n    image: ng\u0000inx\n",
                "compose.yaml:3:14: invalid YAML: character U+0000 is not allowed in YAML"),
            arguments("invalid service name", "services:\n  'my web': {image: x}\n",
                "compose.yaml:2:3: services.\"my web\": invalid name; expected letters, digits, '.', '_' or '-'"),
            arguments("environment entry that is not a string", "services:\n  web:\n    image: x\n    environment: {A: [1]}\n",
                "compose.yaml:4:22: services.web.environment.A: expected a string, a number or a boolean, got a sequence"),
            arguments("restart value not allowed", "services:\n  web:\n    image: x\n    restart: sometimes\n",
                "compose.yaml:4:14: services.web.restart: \"sometimes\" is not allowed; expected no, always, on-failure, on-failure:<max retries> or unless-stopped"),
            arguments("restart on-failure with a count that is not a number", "services:\n  web:\n    image: x\n    restart: on-failure:x\n",
                "compose.yaml:4:14: services.web.restart: \"on-failure:x\" is not allowed; expected no, always, on-failure, on-failure:<max retries> or unless-stopped"),
            arguments("pull_policy value not allowed", "services:\n  web:\n    image: x\n    pull_policy: sometimes\n",
                "compose.yaml:4:18: services.web.pull_policy: \"sometimes\" is not allowed; expected always, never, missing, if_not_present, build, refresh, daily, weekly or every_<duration> (every_12h)"),
            arguments("pull_policy every_ without a duration", "services:\n  web:\n    image: x\n    pull_policy: every_\n",
                "compose.yaml:4:18: services.web.pull_policy: \"every_\" is not allowed; expected always, never, missing, if_not_present, build, refresh, daily, weekly or every_<duration> (every_12h)"),
            arguments("global with replicas", "services:\n  web:\n    image: x\n    deploy:\n      mode: global\n      replicas: 2\n",
                "compose.yaml:6:17: services.web.deploy.replicas: replicas cannot be set when deploy.mode is \"global\" (one task per node)"),
            arguments("global-job with scale", "services:\n  web:\n    image: x\n    scale: 3\n    deploy: {mode: global-job}\n",
                "compose.yaml:4:12: services.web.scale: scale cannot be set when deploy.mode is \"global-job\" (one task per node)"),
            arguments("scale and replicas that differ", "services:\n  web:\n    image: x\n    scale: 3\n    deploy: {replicas: 2}\n",
                "compose.yaml:4:12: services.web.scale: scale (3) differs from deploy.replicas (2); set only one"),
            arguments("credential_spec with two sources", "services:\n  web:\n    image: x\n    credential_spec: {file: a.json, registry: r}\n",
                "compose.yaml:4:22: services.web.credential_spec: expected exactly one of config, file or registry; found 2"),
            arguments("credential_spec with none", "services:\n  web:\n    image: x\n    credential_spec: {x-note: n}\n",
                "compose.yaml:4:22: services.web.credential_spec: expected exactly one of config, file or registry; found 0"),
            arguments("x-* where the specification allows none (blkio_config)", "services:\n  web:\n    image: x\n    blkio_config: {x-a: 1}\n",
                "compose.yaml:4:20: services.web.blkio_config.x-a: unknown attribute"),
            arguments("a key that only the loader sets", "volumes:\n  data: {name_defaulted: true}\nservices: {}\n",
                "compose.yaml:2:10: volumes.data.name_defaulted: unknown attribute (custom attributes must start with x-)"),
            arguments("a top-level model without a value (Compose's schema wants a mapping with model)",
                "services: {}\nmodels:\n  llm:\n",
                "compose.yaml:3:7: models.llm: missing required attribute \"model\""),
            arguments("legacy external.name next to name", "volumes:\n  data:\n    name: a\n    external: {name: b}\nservices: {}\n",
                "compose.yaml:4:15: volumes.data.external.name: external.name and name conflict; set only name (with external: true)"),
            arguments("a depends_on entry listed twice (Compose: uniqueItems)",
                "services:\n  web:\n    image: x\n    depends_on: [db, db]\n  db: {image: y}\n",
                "compose.yaml:4:22: services.web.depends_on[1]: \"db\" is listed twice"),
            arguments("all errors of a file together, in order",
                "services:\n  web:\n    image: [x]\n    ports: ['x']\n    tty: 3\n",
                "compose.yaml:3:12: services.web.image: expected a string, got a sequence\n"
                    + "compose.yaml:4:13: services.web.ports[0]: invalid port \"x\": \"x\" is not a port or a port range; expected [ip:][published[-range]:]target[-range][/protocol]\n"
                    + "compose.yaml:5:10: services.web.tty: expected a boolean (true or false), got an integer"));
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWithTheirPosition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.write(file, new byte[] {'s', 'e', 'r', 'v', 'i', 'c', 'e', 's', ':', '\n', ' ', ' ', 'w', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> ComposeLoader.load(LoadOptions.of(dir, Map.of()).withFiles(List.of(file))))
                .isInstanceOf(ComposeException.class)
                .hasMessage("compose.yaml:2:4: not UTF-8: byte 0xC3 cannot start or continue a character");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reports(String why, String yaml, String expected) {
        assertThat(Fixture.errors(yaml)).isEqualTo(expected);
    }
}
