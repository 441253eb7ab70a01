package dev.kstack.convert.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.Manifests;
import dev.kstack.convert.StackLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every project of the awesome-compose corpus (kept in the compose module's test resources) converts, and the
 * result (warnings, then the YAML stream) equals its golden file. Run with {@code -Dkstack.updateGolden=true}
 * to rewrite the golden files after an intended change, and review the diff.
 */
class CorpusConversionTest {
    static final Path CORPUS = Path.of("../compose/src/test/resources/corpus/awesome-compose").toAbsolutePath()
            .normalize();
    static final Path GOLDEN = Path.of("src/test/resources/dev/kstack/convert/golden");

    static Stream<String> projects() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static ComposeConversion.Converted convert(String project) throws Exception {
        Path dir = CORPUS.resolve(project);
        return ComposeConversion.convert(LoadOptions.of(dir, Map.of("HOME", "/home/user")), "", "demo");
    }

    /** The golden text: one comment line per warning, then the objects; machine paths made neutral. */
    static String render(String project, ComposeConversion.Converted c) {
        StringBuilder out = new StringBuilder();
        c.warnings().forEach(w -> out.append("# warning: ").append(w).append('\n'));
        out.append(Manifests.yaml(c.objects()));
        return out.toString().replace(CORPUS.resolve(project).toString(), "/PROJECT");
    }

    @Test
    void theWholeCorpusIsThere() throws IOException {
        assertThat(projects()).hasSize(39);
    }

    @ParameterizedTest
    @MethodSource("projects")
    void convertsToItsGoldenFile(String project) throws Exception {
        ComposeConversion.Converted c = convert(project);
        String actual = render(project, c);
        Path golden = GOLDEN.resolve(project + ".yaml");
        if (Boolean.getBoolean("kstack.updateGolden") || !Files.exists(golden)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("projects")
    void everyObjectCarriesTheContractLabelsAndEveryPortAProtocol(String project) throws Exception {
        ComposeConversion.Converted c = convert(project);
        List<HasMetadata> children = c.objects().stream()
                .filter(o -> !o.getKind().equals("Secret") && !o.getKind().equals("ConfigMap")).toList();

        assertThat(children).isNotEmpty().allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .containsEntry(StackLabels.STACK, c.stackName())
                .containsKeys(StackLabels.SERVICE_NAME, StackLabels.SERVICE_ID));
        children.stream().filter(o -> o instanceof Service).map(o -> (Service) o)
                .flatMap(s -> s.getSpec().getPorts().stream())
                .forEach(p -> assertThat(p.getProtocol()).isIn("TCP", "UDP", "SCTP"));
        assertThat(c.warnings()).isSorted().doesNotHaveDuplicates();
    }
}
