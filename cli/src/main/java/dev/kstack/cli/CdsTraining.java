package dev.kstack.cli;

import dev.kstack.server.ServingCertificates;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine;

/**
 * The representative run recorded into kstack's class-data sharing archive: the launcher runs this class once with
 * {@code -XX:ArchiveClassesAtExit} and later starts every command with {@code -XX:SharedArchiveFile}. It builds the
 * whole command tree, converts and prints a bundled compose file (as {@code convert} and {@code config} do), and runs
 * {@code ls} and {@code version} with a kubeconfig of its own (a CA and a client certificate generated here) against
 * {@link CdsTrainingServer} on a loopback port, so that the kubeconfig's reading, the client's TLS set-up, a TLS
 * handshake, HTTP and JSON reading are archived too. Nothing is written but temporary files; no cluster is contacted.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Main.configureProcess();
        Path dir = Files.createTempDirectory("kstack-cds");
        try {
            Path compose = dir.resolve("docker-compose.yml");
            try (InputStream in = CdsTraining.class.getResourceAsStream("cds-training.yml")) {
                Files.copy(in, compose);
            }
            String file = compose.toString();
            for (List<String> command : List.of(
                    List.of("--help"),
                    List.of("convert", "-f", file),
                    List.of("convert", "-f", file, "-o", "json"),
                    List.of("config", "-f", file),
                    List.of("deploy", "--help"))) {
                run(command);
            }
            openClient();
            ServingCertificates pki = ServingCertificates.generate(List.of("127.0.0.1"));
            try (CdsTrainingServer server = new CdsTrainingServer(pki)) {
                String kubeconfig = trainingKubeconfig(dir, pki, server.url()).toString();
                run(List.of("ls", "--kubeconfig", kubeconfig));
                run(List.of("version", "--kubeconfig", kubeconfig));
            }
            StartupWarmup.clusterClient();
            Table table = new Table("NAME", "SERVICES").add("training", 3);
            for (OutputFormat format : OutputFormat.values()) {
                format.render(table);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        CommandLine cli = KstackCommand.commandLine(argv);
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        cli.execute(argv);
    }

    /** A kubeconfig with certificate data, as a real cluster's, for the training server. */
    private static Path trainingKubeconfig(Path dir, ServingCertificates pki, String server) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: training",
                "  cluster: {server: \"" + server + "\", certificate-authority-data: "
                        + b64.encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII)) + "}",
                "users:",
                "- name: training",
                "  user:",
                "    client-certificate-data: " + b64.encodeToString(pki.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                "    client-key-data: " + b64.encodeToString(pki.privateKeyPem().getBytes(StandardCharsets.US_ASCII)),
                "contexts:",
                "- name: training",
                "  context: {cluster: training, user: training, namespace: default}",
                "current-context: training",
                ""));
        return file;
    }

    /** Builds a client for a server nobody is asked anything: loads the client, its HTTP stack and its config. */
    private static void openClient() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1")
                .withNamespace("default").withOauthToken("none").build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.resources(io.fabric8.kubernetes.api.model.ConfigMap.class).inNamespace("default");
        } catch (UncheckedIOException | IllegalStateException ignored) {
            // nothing to record from a failure here
        }
    }
}
