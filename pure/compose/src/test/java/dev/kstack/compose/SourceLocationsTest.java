package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A problem found after loading is reported where its path was written, at the deepest part of it that exists. */
class SourceLocationsTest {
    private static final String YAML = """
            services:
              my.web:
                image: nginx
                volumes:
                  - ./a:/a
                  - db_data:/data
              _private:
                image: x
            volumes:
              db_data: {}
            """;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "services.my.web|compose.yaml:2:3: services.my.web: m",
        "services.my.web.volumes[1].source|compose.yaml:6:9: services.my.web.volumes[1].source: m",
        "services.my.web.volumes[7]|compose.yaml:4:5: services.my.web.volumes[7]: m",
        "services._private.ingress[0].path|compose.yaml:7:3: services._private.ingress[0].path: m",
        "volumes.db_data|compose.yaml:10:3: volumes.db_data: m",
        "metadata.name|compose.yaml: metadata.name: m",
    })
    void aPathIsReportedWithTheFileLineAndColumnOfItsDeepestWrittenPart(String path, String expected) throws Exception {
        LoadResult loaded = ComposeLoader.loadText("compose.yaml", YAML, LoadOptions.of(Path.of("/project"), Map.of()));

        assertThat(loaded.locations().diagnostic(path, "m")).hasToString(expected);
    }
}
