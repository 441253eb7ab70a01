package dev.kstack.testenv.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link NodeSimulatorMain}:
 * {@code --kubeconfig FILE --nodes a,b [--pods-per-node 250] --ready-delay 1s --kubelet-port PORT --tls-cert FILE
 * --tls-key FILE [--bind-pods]}.
 *
 * @param kubeconfig the kubeconfig to reach the API server with
 * @param config     what to simulate
 */
public record NodeSimulatorArguments(Path kubeconfig, SimulatorConfig config) {

    public static final String USAGE = "usage: NodeSimulatorMain --kubeconfig FILE --nodes NAME[,NAME...]"
            + " [--pods-per-node N] [--ready-delay DURATION] --kubelet-port PORT --tls-cert FILE --tls-key FILE"
            + " [--bind-pods]";

    private static final Set<String> WITH_VALUE = Set.of(
            "--kubeconfig", "--nodes", "--pods-per-node", "--ready-delay", "--kubelet-port", "--tls-cert", "--tls-key");
    private static final Set<String> FLAGS = Set.of("--bind-pods");

    /** Parses the arguments; {@link IllegalArgumentException} names what is wrong. */
    public static NodeSimulatorArguments parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean bindPods = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (FLAGS.contains(arg)) {
                bindPods = true;
            } else if (WITH_VALUE.contains(name)) {
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException(name + " is given twice");
                }
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        List<String> nodes = Arrays.stream(required(values, "--nodes").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        SimulatorConfig config = SimulatorConfig.of(
                nodes,
                duration(values.getOrDefault("--ready-delay", "1s")),
                port(required(values, "--kubelet-port")),
                Path.of(required(values, "--tls-cert")),
                Path.of(required(values, "--tls-key")),
                bindPods).withPodsPerNode(number(values, "--pods-per-node", SimulatedNodes.DEFAULT_PODS));
        return new NodeSimulatorArguments(Path.of(required(values, "--kubeconfig")), config);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static int number(Map<String, String> values, String name, int otherwise) {
        String text = values.get(name);
        try {
            return text == null ? otherwise : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + text, e);
        }
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--kubelet-port is not a number: " + text, e);
        }
    }

    /** A duration like {@code 500ms}, {@code 1s}, {@code 2m}, or an ISO-8601 one like {@code PT1S}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--ready-delay is not a duration: " + text, e);
        }
        throw new IllegalArgumentException("--ready-delay is not a duration (like 500ms, 1s, 2m): " + text);
    }
}
