package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input ends in one clear error, not in a crash or a hang. */
class LimitsTest {
    @Test
    void aBillionLaughsFileIsRefused() {
        StringBuilder b = new StringBuilder("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        String prev = "a";
        for (char c = 'b'; c <= 'j'; c++) {
            b.append("x-").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                b.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            b.append("]\n");
            prev = String.valueOf(c);
        }
        b.append("services: {}\n");
        assertThat(Fixture.errors(b.toString())).matches(
                "compose\\.yaml:\\d+:\\d+: document expands to more than 1000000 nodes \\(aliases expanding exponentially\\?\\); refusing to load it");
    }

    @Test
    void aRecursiveAliasIsRefused() {
        assertThat(Fixture.errors("x-a: &a\n  - *a\nservices: {}\n"))
                .isEqualTo("compose.yaml:1:6: an alias refers to a node that contains it (recursive structure)");
    }

    @Test
    void anAliasThatWouldNestTooDeeplyIsRefused() {
        String yaml = "x-a: &a " + "[".repeat(30) + "]".repeat(30) + "\nx-b: " + "[".repeat(15) + "*a"
                + "]".repeat(15) + "\nservices: {}\n";
        assertThat(Fixture.errors(yaml)).isEqualTo("compose.yaml:2:21: nesting deeper than 40 levels; refusing to load it");
    }

    @Test
    void aliasesShareTheAnchoredNodeAndExpandToEqualValues() throws Exception {
        ComposeProject p = Fixture.loadText("x-env: &env {A: '1'}\nservices:\n  a: {image: x, environment: *env}\n"
                + "  b: {image: y, environment: *env}\n");
        assertThat(p.services().get("a").environment()).isEqualTo(p.services().get("b").environment())
                .containsExactly(Map.entry("A", "1"));
    }

    @Test
    void a64LevelDocumentIsRefused() {
        StringBuilder b = new StringBuilder("x-deep: ");
        b.append("[".repeat(64)).append("]".repeat(64)).append("\nservices: {}\n");
        assertThat(Fixture.errors(b.toString())).isEqualTo("compose.yaml:1:48: nesting deeper than 40 levels; refusing to load it");
    }

    @Test
    void a20MegabyteFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compose.yaml");
        String line = "# " + "x".repeat(98) + "\n";
        Files.writeString(file, "services: {}\n" + line.repeat(200_000));
        assertThat(Files.size(file)).isGreaterThan(20_000_000L);
        try {
            ComposeLoader.load(LoadOptions.of(dir, Map.of()).withFiles(List.of(Path.of("compose.yaml"))));
            throw new AssertionError("loaded");
        } catch (ComposeException e) {
            assertThat(e.getMessage()).isEqualTo("compose.yaml: file is 20200013 bytes; the limit is 8388608 bytes");
        }
    }

    @Test
    void twentyMegabytesOfTextAreRefusedToo() {
        String text = "services: {}\n" + ("# " + "x".repeat(98) + "\n").repeat(200_000);
        assertThat(Fixture.errors(text)).isEqualTo("compose.yaml: file is 20200013 characters long; the limit is 8388608");
    }
}
