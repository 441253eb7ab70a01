package dev.kstack.benchmarks;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Loading compose files: the 39-file awesome-compose corpus from disk (one pass loads every file), and one
 * generated file with 1000 services from memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ComposeLoadBenchmark {
    /** The corpus directory, relative to the directory the benchmark runs in (the repository root). */
    @Param("pure/compose/src/test/resources/corpus/awesome-compose")
    public String corpus;

    private List<LoadOptions> corpusFiles;
    private String largeFile;
    private LoadOptions largeOptions;

    @Setup
    public void setup() {
        try (Stream<Path> files = Files.walk(Path.of(corpus))) {
            corpusFiles = files.filter(p -> p.getFileName().toString().matches("compose\\.ya?ml")).sorted()
                    .map(p -> LoadOptions.of(p.toAbsolutePath().getParent(), Map.of()).withFiles(List.of(p.getFileName())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (corpusFiles.size() != 39) {
            throw new IllegalStateException("expected 39 corpus files under " + corpus + ", found " + corpusFiles.size());
        }
        largeFile = GeneratedProject.yaml(1000);
        largeOptions = LoadOptions.of(Path.of("/project"), Map.of("TAG", "1.0"));
    }

    /** One pass over the whole corpus; the time is per pass (39 files). */
    @Benchmark
    public void corpus39Files(Blackhole bh) throws ComposeException {
        for (LoadOptions o : corpusFiles) {
            bh.consume(ComposeLoader.load(o).project());
        }
    }

    /** One generated file with 1000 services. */
    @Benchmark
    public ComposeProject generated1000Services() throws ComposeException {
        return ComposeLoader.loadText("generated.yaml", largeFile, largeOptions).project();
    }
}
