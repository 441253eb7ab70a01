package dev.kstack.cli;

import dev.kstack.convert.chart.HelmChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a {@link HelmChart} into a directory: a new or empty one, or with {@code --force} one whose
 * {@code Chart.yaml}, {@code values.yaml} and {@code templates/} are replaced (a template of an earlier export
 * would otherwise be rendered too); other files stay.
 */
final class ChartFiles {
    private ChartFiles() {
    }

    /** Why the chart cannot go into {@code dir}, or null. */
    static String refusal(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return "--chart " + dir + ": not a directory";
        }
        if (!force && Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return "--chart " + dir + ": the directory is not empty (--force replaces its Chart.yaml, "
                            + "values.yaml and templates/)";
                }
            } catch (IOException e) {
                return "--chart " + dir + ": " + e.getMessage();
            }
        }
        return null;
    }

    static void write(Path dir, boolean force, HelmChart chart) throws IOException {
        Path templates = dir.resolve("templates");
        if (force && Files.isDirectory(templates)) {
            List<Path> old;
            try (Stream<Path> walk = Files.walk(templates)) {
                old = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Files.createDirectories(templates);
        for (Map.Entry<String, String> f : chart.files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
    }
}
