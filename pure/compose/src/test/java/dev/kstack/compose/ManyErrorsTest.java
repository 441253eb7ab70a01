package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file with many errors reports each of them (up to 20), in document order, each with its position and path. */
class ManyErrorsTest {
    @Test
    void everyErrorOfAFileInDocumentOrder() {
        String yaml = """
                volumes:
                  data: {driver: [local]}
                services:
                  web:
                    image: x
                    ports: ['80:http']
                    environment: {A: [1]}
                  db:
                    image: [y]
                    restart: sometimes
                    deploy: {restart_policy: {condition: maybe}}
                networks:
                  front: {external: {name: a}, name: b}
                """;
        assertThat(Fixture.errors(yaml).split("\n")).containsExactly(
                "compose.yaml:2:18: volumes.data.driver: expected a string, got a sequence",
                "compose.yaml:6:13: services.web.ports[0]: invalid port \"80:http\": \"http\" is not a port or a port range; "
                        + "expected [ip:][published[-range]:]target[-range][/protocol]",
                "compose.yaml:7:22: services.web.environment.A: expected a string, a number or a boolean, got a sequence",
                "compose.yaml:9:12: services.db.image: expected a string, got a sequence",
                "compose.yaml:10:14: services.db.restart: \"sometimes\" is not allowed; expected no, always, on-failure, "
                        + "on-failure:<max retries> or unless-stopped",
                "compose.yaml:11:42: services.db.deploy.restart_policy.condition: \"maybe\" is not allowed; expected one of "
                        + "none, on-failure, any",
                "compose.yaml:13:21: networks.front.external.name: external.name and name conflict; set only name (with "
                        + "external: true)");
    }

    @Test
    void moreThanTwentyErrorsShowTheFirstTwentyAndCountTheRest() {
        String services = IntStream.range(0, 25)
                .mapToObj(i -> "  s" + i + ":\n    image: x\n    tty: " + i + "\n")
                .collect(Collectors.joining());
        List<String> lines = List.of(Fixture.errors("services:\n" + services).split("\n"));
        assertThat(lines).hasSize(21);
        assertThat(lines.get(0)).isEqualTo("compose.yaml:4:10: services.s0.tty: expected a boolean (true or false), got an integer");
        assertThat(lines.get(19)).startsWith("compose.yaml:61:10: services.s19.tty: ");
        assertThat(lines.get(20)).isEqualTo("compose.yaml: 5 more problems are not shown (the first 20 are above)");
    }

    @Test
    void errorsOfTwoFilesAreGroupedByFileInTheOrderTheFilesWereGiven(@TempDir Path dir) {
        Fixture.write(dir, Map.of(
                "b.yaml", "services:\n  web:\n    tty: maybe\n    imag: x\n",
                "a.yaml", "services:\n  web:\n    image: [x]\n"));
        assertThatThrownBy(() -> ComposeLoader.load(LoadOptions.of(dir, Map.of())
                .withFiles(List.of(Path.of("b.yaml"), Path.of("a.yaml")))))
                .isInstanceOf(ComposeException.class)
                .hasMessage("b.yaml:3:10: services.web.tty: expected a boolean (true or false), got \"maybe\"\n"
                        + "b.yaml:4:5: services.web.imag: unknown attribute; did you mean \"image\"? (custom attributes must start with x-)\n"
                        + "a.yaml:3:12: services.web.image: expected a string, got a sequence");
    }
}
