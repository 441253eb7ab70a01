package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the awesome-compose corpus loads, and its printed form loads again to the same project (up to
 * whether a network's or volume's name was written, which printing makes so) and prints the same.
 */
class CorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/corpus/awesome-compose");

    static List<Path> corpusFiles() throws IOException {
        try (Stream<Path> s = Files.walk(CORPUS)) {
            return s.filter(p -> p.getFileName().toString().matches("compose\\.ya?ml")).sorted().toList();
        }
    }

    static Stream<Path> files() throws IOException {
        return corpusFiles().stream();
    }

    @org.junit.jupiter.api.Test
    void theCorpusHas39Files() throws IOException {
        assertThat(corpusFiles()).hasSize(39);
    }

    @ParameterizedTest
    @MethodSource("files")
    void loadsAndRoundTrips(Path file) throws Exception {
        LoadOptions options = LoadOptions.of(file.getParent(), Map.of()).withFiles(List.of(file.getFileName()));
        ComposeProject project = ComposeLoader.load(options).project();
        assertThat(project.services()).isNotEmpty();

        for (ProjectWriter.Format format : ProjectWriter.Format.values()) {
            String printed = ProjectWriter.write(project, format);
            ComposeProject again = ComposeLoader.loadText("printed", printed, LoadOptions.of(file.getParent(), Map.of())).project();
            // Printed names are explicit, so only whether a name was defaulted may differ.
            assertThat(again).as(format + " output:\n" + printed).usingRecursiveComparison()
                    .ignoringFieldsMatchingRegexes(".*nameDefaulted").isEqualTo(project);
            assertThat(ProjectWriter.write(again, format)).isEqualTo(printed);
        }
    }
}
