package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The container image definition agrees with the archive and with install's defaults (InClusterRealNodeIT builds it on
 * the real node and runs it).
 */
class PackagingTest {
    static final Path ROOT = Path.of(System.getProperty("kstack.root", "..")).toAbsolutePath().normalize();

    @Test
    void theDockerfileUnpacksTheDistributionAndRunsKstackAsNonRoot() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("packaging/Dockerfile"));
        String assembly = Files.readString(ROOT.resolve("cli/src/assembly/dist.xml"));

        // the base: Debian's JRE as scripts/provision-images.sh builds it
        assertThat(dockerfile).contains("ARG BASE=kstack.local/jre:17\nFROM ${BASE}\n");
        assertThat(Files.readString(ROOT.resolve("scripts/provision-images.sh"))).contains("\tkstack.local/jre:17,");
        assertThat(dockerfile).contains("ADD cli/target/kstack-cli-${VERSION}-dist.tar.gz",
                "ENTRYPOINT [\"/opt/kstack/bin/kstack\"]").containsPattern("USER [1-9]\\d*");
        assertThat(dockerfile).contains("-t " + InstallCommand.DEFAULT_IMAGE + ":");
        // The archive is recorded while lib/ is still writable, before USER, where the launcher looks for it whoever runs it.
        assertThat(dockerfile.indexOf("KSTACK_CDS=sync /opt/kstack/bin/kstack")).isPositive()
                .isLessThan(dockerfile.indexOf("USER "))
                .isGreaterThan(dockerfile.indexOf("ENV KSTACK_CDS_ARCHIVE=/opt/kstack/lib/"));
        assertThat(assembly).contains("<baseDirectory>kstack-${project.version}</baseDirectory>",
                "<directory>src/dist/bin</directory>", "<outputDirectory>lib</outputDirectory>");
        assertThat(ROOT.resolve("cli/src/dist/bin/kstack")).isExecutable();
    }
}
