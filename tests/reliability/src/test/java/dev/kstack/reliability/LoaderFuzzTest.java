package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.LoadOptions;
import dev.kstack.server.ComposeFileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the awesome-compose corpus fed to the compose loader and to the server's v1beta1 parser
 * (loader, then the compose → Stack mapping): within the budget (20 000 inputs or 60 s, whichever comes first) the
 * only exceptions are the documented ones ({@link ComposeException} with positioned diagnostics,
 * {@link ComposeFileParser.ParseException}), and no input takes longer than 30 s (a hang). A failing input is written
 * to {@code target/fuzz-failure.yaml}. {@code -Dkstack.fuzz.seed} and {@code -Dkstack.fuzz.inputs} change the run.
 */
class LoaderFuzzTest {
    private static final long SEED = Long.getLong("kstack.fuzz.seed", 20240509L);
    private static final int INPUTS = Integer.getInteger("kstack.fuzz.inputs", 20_000);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("kstack.fuzz.seconds", 60));
    private static final Duration HANG = Duration.ofSeconds(30);

    enum Outcome { LOADED, REFUSED }

    @Test
    void mutatedCorpusGivesOnlyDocumentedErrors(@TempDir Path dir) throws Exception {
        List<String> corpus = corpus();
        assertThat(corpus).as("awesome-compose corpus").hasSizeGreaterThan(20);
        ComposeMutator mutator = new ComposeMutator(SEED, corpus);
        LoadOptions options = LoadOptions.of(dir, Map.of()).withProjectName("fuzz");
        ExecutorService worker = Executors.newSingleThreadExecutor();
        int tried = 0;
        int[] loaded = new int[2];
        int[] refused = new int[2];
        long slowestNanos = 0;
        long start = System.nanoTime();
        try {
            while (tried < INPUTS && System.nanoTime() - start < BUDGET.toNanos()) {
                String input = mutator.next();
                tried++;
                long t0 = System.nanoTime();
                Future<Outcome[]> run = worker.submit(() -> new Outcome[] {load(input, options), parse(input)});
                Outcome[] outcome;
                try {
                    outcome = run.get(HANG.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    run.cancel(true);
                    throw keep(input, "input " + tried + " did not finish within " + HANG, e);
                } catch (ExecutionException e) {
                    throw keep(input, "input " + tried + " threw an undocumented " + e.getCause(), e.getCause());
                }
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
                for (int i = 0; i < 2; i++) {
                    if (outcome[i] == Outcome.LOADED) {
                        loaded[i]++;
                    } else {
                        refused[i]++;
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("fuzz seed %d: %d inputs in %d ms; loader: %d loaded, %d refused; server parser: %d parsed,"
                + " %d refused; slowest input %d ms%n", SEED, tried, elapsedMs, loaded[0], refused[0], loaded[1],
                refused[1], slowestNanos / 1_000_000);
        assertThat(refused[0]).as("the mutator must produce broken inputs").isPositive();
        assertThat(loaded[0]).as("and some that still load").isPositive();
    }

    @Test
    void theServerParserRefusesEveryBrokenFileOfTheCorpusWithItsDocumentedException() {
        for (BrokenCompose.Case c : BrokenCompose.small()) {
            if (c.refusedByServers()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> ComposeFileParser.parse("broken", c.text()))
                        .as(c.toString()).isInstanceOf(ComposeFileParser.ParseException.class);
            }
        }
    }

    private static Outcome load(String input, LoadOptions options) {
        try {
            ComposeLoader.loadText("fuzz.yaml", input, options);
            return Outcome.LOADED;
        } catch (ComposeException e) {
            assertThat(e.diagnostics()).as("a refusal names its problems").isNotEmpty();
            for (Diagnostic d : e.diagnostics()) {
                assertThat(d.file()).isEqualTo("fuzz.yaml");
                assertThat(d.message()).isNotBlank();
            }
            return Outcome.REFUSED;
        }
    }

    private static Outcome parse(String input) {
        try {
            ComposeFileParser.parse("fuzz", input);
            return Outcome.LOADED;
        } catch (ComposeFileParser.ParseException e) {
            assertThat(e.messages()).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith(ComposeFileParser.FILE_NAME));
            return Outcome.REFUSED;
        }
    }

    private static AssertionError keep(String input, String message, Throwable cause) {
        try {
            Path target = Path.of("target", "fuzz-failure.yaml");
            Files.writeString(target, input, StandardCharsets.UTF_8);
            message += " (input written to " + target.toAbsolutePath() + ")";
        } catch (IOException ignored) {
            // the message still names the input number and seed
        }
        AssertionError e = new AssertionError(message + "; seed " + SEED, cause);
        fail(e.getMessage(), cause);
        return e;
    }

    static List<String> corpus() throws IOException {
        Path root = Path.of(System.getProperty("kstack.root", "../.."), "pure", "compose", "src", "test", "resources",
                "corpus", "awesome-compose");
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList()) {
                texts.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return texts;
    }
}
