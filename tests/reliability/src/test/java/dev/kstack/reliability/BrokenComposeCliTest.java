package dev.kstack.reliability;

import org.assertj.core.api.SoftAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every broken compose file of {@link BrokenCompose} given to {@code kstack config} and {@code kstack deploy}, each
 * run in a JVM of its own with a 192 MB heap and a 60 s limit: {@code config} exits 1 (its documented code for input
 * that does not load), {@code deploy} exits 2 (invalid input), both before contacting any cluster, with one
 * {@code FILE:LINE:COL: ...} line per problem and no stack trace.
 */
class BrokenComposeCliTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String MAIN = "dev.kstack.cli.Main";

    record Run(BrokenCompose.Case input, String command, JavaProcess.Result result) {
    }

    @Test
    void everyBrokenFileIsRefusedWithPositionsWithinBoundsByConfigAndDeploy(@TempDir Path dir) throws Exception {
        // A kubeconfig naming a closed loopback port: deploy must refuse the file before it talks to any cluster.
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
                current-context: x
                """);
        List<BrokenCompose.Case> cases = BrokenCompose.all();
        for (BrokenCompose.Case c : cases) {
            Files.write(dir.resolve(c.name() + ".yaml"), c.content());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Run>> futures = new ArrayList<>();
        try {
            for (BrokenCompose.Case c : cases) {
                String file = c.name() + ".yaml";
                futures.add(pool.submit(() -> new Run(c, "config",
                        JavaProcess.run(dir, LIMIT, MAIN, List.of("config", "-f", file)))));
                futures.add(pool.submit(() -> new Run(c, "deploy", JavaProcess.run(dir, LIMIT, MAIN,
                        List.of("deploy", "--kubeconfig", kubeconfig.toString(), "-c", file, "broken")))));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
            Duration slowest = Duration.ZERO;
            SoftAssertions soft = new SoftAssertions();
            for (Run run : runs) {
                JavaProcess.Result r = run.result();
                String what = "kstack " + run.command() + " of " + run.input() + "\nstdout:\n" + r.out()
                        + "\nstderr:\n" + r.err();
                soft.assertThat(r.timedOut()).as("hangs: " + what).isFalse();
                soft.assertThat(r.exit()).as(what).isEqualTo(run.command().equals("config") ? 1 : 2);
                soft.assertThat(r.err()).as(what).doesNotContain("Exception", "\tat ", "OutOfMemory");
                Pattern line = Pattern.compile("(?m)^" + Pattern.quote(run.input().name() + ".yaml")
                        + (run.input().positioned() ? ":\\d+:\\d+: \\S.*$" : ": \\S.*$"));
                soft.assertThat(r.err()).as(what).containsPattern(line);
                if (r.took().compareTo(slowest) > 0) {
                    slowest = r.took();
                }
                System.out.printf("%-28s %-6s exit %d  %5d ms  %s%n", run.input().name(), run.command(), r.exit(),
                        r.took().toMillis(), r.err().lines().findFirst().orElse(""));
            }
            soft.assertAll();
            System.out.printf("broken inputs: %d cases, %d runs, all refused; slowest run %d ms (heap %s)%n",
                    cases.size(), runs.size(), slowest.toMillis(), JavaProcess.HEAP);
        } finally {
            pool.shutdownNow();
        }
    }
}
