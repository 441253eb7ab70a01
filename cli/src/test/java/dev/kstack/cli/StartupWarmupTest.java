package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.cli.StartupWarmup.Work;
import dev.kstack.convert.Manifests;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StartupWarmupTest {
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("version --client", Work.NONE),
                Arguments.of("--version", Work.NONE),
                Arguments.of("ls --help", Work.NONE),
                Arguments.of("config -f x.yml", Work.NONE),
                Arguments.of("completion bash", Work.NONE),
                Arguments.of("convert -f x.yml --output-dir out", Work.NONE),
                Arguments.of("controller", Work.NONE),
                Arguments.of("convert -f x.yml", Work.MANIFESTS),
                Arguments.of("version", Work.CLUSTER),
                Arguments.of("--kubeconfig=k ls", Work.CLUSTER),
                Arguments.of("list", Work.CLUSTER),
                Arguments.of("deploy -c x.yml web", Work.CLUSTER));
    }

    @ParameterizedTest(name = "kstack {0}")
    @MethodSource("commands")
    void eachCommandWarmsUpOnlyWhatItWillUse(String commandLine, Work expected) {
        assertThat(StartupWarmup.workFor(commandLine.split(" "))).isEqualTo(expected);
    }

    @Test
    void theWarmUpsRunWithoutAClusterAndConvertPrintsTheSameAfterThem() throws Exception {
        Path compose = Path.of(System.getProperty("kstack.root", "..")).resolve("examples/wordsmith/docker-compose.yml");
        Cli.Run before = Cli.run("convert", "-f", compose.toString());

        StartupWarmup.manifestWriting();
        StartupWarmup.clusterClient();
        Cli.Run after = Cli.run("convert", "-f", compose.toString());

        assertThat(after).isEqualTo(before);
        assertThat(after.exit()).isZero();
        assertThat(Manifests.yaml(StartupWarmup.sampleObjects())).contains("kind: Deployment", "kind: Service");
    }
}
