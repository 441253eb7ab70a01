package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSimulatorArgumentsTest {

    @Test
    void readsSeparateAndJoinedValues() {
        NodeSimulatorArguments arguments = NodeSimulatorArguments.parse(
                "--kubeconfig", "/k/config", "--nodes=sim-node-1, sim-node-2", "--ready-delay", "1500ms",
                "--kubelet-port=10250", "--tls-cert", "/k/kubelet.crt", "--tls-key=/k/kubelet.key", "--bind-pods",
                "--pods-per-node", "40");

        assertThat(arguments.kubeconfig()).isEqualTo(Path.of("/k/config"));
        SimulatorConfig config = arguments.config();
        assertThat(config.nodeNames()).containsExactly("sim-node-1", "sim-node-2");
        assertThat(config.readyDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.kubeletPort()).isEqualTo(10250);
        assertThat(config.tlsCert()).isEqualTo(Path.of("/k/kubelet.crt"));
        assertThat(config.tlsKey()).isEqualTo(Path.of("/k/kubelet.key"));
        assertThat(config.bindPods()).isTrue();
        assertThat(config.podsPerNode()).isEqualTo(40);
    }

    @Test
    void bindingPodsAndTheReadyDelayAreOptional() {
        SimulatorConfig config = NodeSimulatorArguments.parse("--kubeconfig=k", "--nodes=a", "--kubelet-port=1",
                "--tls-cert=c", "--tls-key=k").config();

        assertThat(config.bindPods()).isFalse();
        assertThat(config.readyDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.nodeNames()).isEqualTo(List.of("a"));
        assertThat(config.podsPerNode()).isEqualTo(SimulatedNodes.DEFAULT_PODS);
    }

    @ParameterizedTest
    @CsvSource({"1s, 1000", "0.5s, 500", "250ms, 250", "2m, 120000", "PT3S, 3000", "0s, 0"})
    void readsDurations(String text, long millis) {
        assertThat(NodeSimulatorArguments.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "--nodes=a --kubelet-port=1 --tls-cert=c --tls-key=k                  | --kubeconfig is required",
            "--kubeconfig=k --kubelet-port=1 --tls-cert=c --tls-key=k             | --nodes is required",
            "--kubeconfig=k --nodes=a --kubelet-port=x --tls-cert=c --tls-key=k   | --kubelet-port is not a number",
            "--kubeconfig=k --nodes=a --kubelet-port=1 --tls-cert=c --tls-key=k --ready-delay=soon"
                    + " | --ready-delay is not a duration",
            "--kubeconfig=k --nodes=a --kubelet-port=1 --tls-cert=c --tls-key=k --verbose | unknown argument: --verbose",
            "--kubeconfig=k --kubeconfig=j --nodes=a                              | --kubeconfig is given twice",
            "--kubeconfig                                                         | --kubeconfig needs a value",
            "--kubeconfig=k --nodes=, --kubelet-port=1 --tls-cert=c --tls-key=k   | at least one node name",
            "--kubeconfig=k --nodes=a --kubelet-port=1 --tls-cert=c --tls-key=k --pods-per-node=many"
                    + " | --pods-per-node is not a number",
            "--kubeconfig=k --nodes=a --kubelet-port=1 --tls-cert=c --tls-key=k --pods-per-node=0"
                    + " | a node must take at least one pod",
    })
    void namesWhatIsWrong(String commandLine, String message) {
        assertThatThrownBy(() -> NodeSimulatorArguments.parse(commandLine.trim().split(" +")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
