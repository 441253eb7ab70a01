package dev.kstack.benchmarks;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import dev.kstack.convert.compose.ComposeToStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Conversion of the 39-project awesome-compose corpus, loaded once in setup: Stack spec → Kubernetes objects
 * ({@code stackToObjects}), and loaded compose project → Stack spec → objects ({@code projectToObjects}).
 * The time is per pass over the whole corpus; the goal is under 10 ms per pass, warm.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ConvertBenchmark {
    /** The corpus directory, relative to the directory the benchmark runs in (the repository root). */
    @Param("pure/compose/src/test/resources/corpus/awesome-compose")
    public String corpus;

    private final List<ComposeProject> projects = new ArrayList<>();
    private final List<StackInput> stacks = new ArrayList<>();

    @Setup
    public void setup() throws ComposeException, InvalidStackException {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(Path.of(corpus))) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path dir : dirs) {
            ComposeProject project = ComposeLoader.load(LoadOptions.of(dir.toAbsolutePath(),
                    Map.of("HOME", "/home/user"))).project();
            projects.add(project);
            ComposeToStack.MappedStack mapped = ComposeToStack.map(project, "", "/home/user");
            stacks.add(StackInput.of(mapped.name(), "bench", mapped.spec()));
        }
        if (stacks.size() != 39) {
            throw new IllegalStateException("expected 39 corpus projects under " + corpus + ", found " + stacks.size());
        }
    }

    /** One pass: every corpus stack to its Kubernetes objects. */
    @Benchmark
    public void stackToObjects(Blackhole bh) throws InvalidStackException {
        for (StackInput s : stacks) {
            bh.consume(StackConverter.convert(s));
        }
    }

    /** One pass: every loaded corpus project to a Stack spec, then to objects. */
    @Benchmark
    public void projectToObjects(Blackhole bh) throws InvalidStackException {
        for (ComposeProject p : projects) {
            ComposeToStack.MappedStack mapped = ComposeToStack.map(p, "", "/home/user");
            bh.consume(StackConverter.convert(StackInput.of(mapped.name(), "bench", mapped.spec())));
        }
    }
}
