package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive's launcher (after {@code package}): unpacked anywhere, it runs kstack, records the
 * class-data sharing archive for its own classpath when asked ({@code KSTACK_CDS=sync}, the install step), later runs
 * load kstack's classes from that archive, and a run with an archive that no longer matches the jars prints the same
 * as one without.
 */
class LauncherIT {
    static final Path ROOT = Path.of(System.getProperty("kstack.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int exit, String out) {
    }

    Result launch(Path kstack, List<String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(kstack.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true);
        pb.environment().remove("KSTACK_CLASSPATH");
        pb.environment().remove("KSTACK_CDS_ARCHIVE");
        pb.environment().remove("KSTACK_JAVA_OPTS");
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    Path unpackDistribution() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(ROOT.resolve("cli/target"))) {
            archive = files.filter(f -> f.getFileName().toString().endsWith("-dist.tar.gz")).findFirst().orElseThrow();
        }
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> unpacked = Files.list(dir)) {
            return unpacked.filter(Files::isDirectory).findFirst().orElseThrow().resolve("bin/kstack");
        }
    }

    @Test
    void theLauncherRecordsAClassDataArchiveAndLaterRunsUseIt() throws Exception {
        Path kstack = unpackDistribution();
        Path lib = kstack.getParent().resolveSibling("lib");

        Result off = launch(kstack, List.of("KSTACK_CDS=off"), "version", "--client");
        assertThat(off.exit()).as(off.out()).isZero();
        assertThat(off.out()).startsWith("Client: kstack ");
        try (Stream<Path> files = Files.list(lib)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsa"))).isEmpty();
        }

        Result recorded = launch(kstack, List.of("KSTACK_CDS=sync", "KSTACK_JAVA_OPTS=-Xlog:class+load"),
                "convert", "-f", ROOT.resolve("examples/wordsmith/docker-compose.yml").toString());
        assertThat(recorded.exit()).as(recorded.out()).isZero();
        try (Stream<Path> files = Files.list(lib)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("kstack.jsa"))).hasSize(1);
        }
        assertThat(recorded.out()).containsPattern("dev\\.kstack\\.cli\\.ConvertCommand source: shared objects file")
                .containsPattern("dev\\.kstack\\.compose\\.ComposeLoader source: shared objects file")
                .contains("kind: Deployment");
    }

    @Test
    void anArchiveOlderThanAJarIsRecordedAgain() throws Exception {
        Path kstack = unpackDistribution();
        Path lib = kstack.getParent().resolveSibling("lib");
        assertThat(launch(kstack, List.of("KSTACK_CDS=sync"), "version", "--client").exit()).isZero();
        Path archive;
        try (Stream<Path> files = Files.list(lib)) {
            archive = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        // As after an upgrade in place: every jar is newer than the archive.
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(archive, hourAgo);

        Result r = launch(kstack, List.of("KSTACK_CDS=sync", "KSTACK_JAVA_OPTS=-Xlog:class+load"), "version", "--client");

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(hourAgo);
        assertThat(r.out()).containsPattern("dev\\.kstack\\.cli\\.VersionCommand source: shared objects file");
    }

    @Test
    void aRunNeverRecordsAndAStaleArchiveIsIgnoredWithoutAWord() throws Exception {
        Path kstack = unpackDistribution();
        Path lib = kstack.getParent().resolveSibling("lib");
        Result plain = launch(kstack, List.of(), "version", "--client");
        assertThat(plain.exit()).as(plain.out()).isZero();
        try (Stream<Path> files = Files.list(lib)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsa"))).isEmpty();
        }
        assertThat(launch(kstack, List.of("KSTACK_CDS=sync"), "version", "--client").out()).isEqualTo(plain.out());

        // A jar replaced after the archive was recorded: the JVM refuses the archive, kstack runs from the jars.
        Path jar;
        try (Stream<Path> files = Files.list(lib)) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("picocli-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Result stale = launch(kstack, List.of(), "version", "--client");

        assertThat(stale.exit()).isZero();
        assertThat(stale.out()).isEqualTo(plain.out());
    }
}
