package dev.kstack.conversionit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.ConversionResult;
import dev.kstack.convert.Manifests;
import dev.kstack.convert.ServiceNames;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import dev.kstack.convert.compose.ComposeConversion;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every project of the awesome-compose corpus converts ({@link ComposeConversion}, the path of
 * {@code kstack convert}), and a real API server accepts every resulting object, Secrets and ConfigMaps
 * included: {@code kubectl apply --dry-run=server} into a namespace of its own per project.
 */
@ExtendWith(LocalClusterExtension.class)
class CorpusDryRunIT {
    static final Path ROOT = Path.of(System.getProperty("kstack.root", "../..")).toAbsolutePath().normalize();
    static final Path CORPUS = ROOT.resolve("pure/compose/src/test/resources/corpus/awesome-compose");
    /** Small files written for this test: names Kubernetes refuses, builds without an image, provider services. */
    static final Path NAMES = ROOT.resolve("tests/conversion-it/src/test/resources/names");
    static final String KUBECTL = Files.isExecutable(Path.of("/usr/bin/kubectl")) ? "/usr/bin/kubectl" : "kubectl";

    static List<String> projects() throws IOException {
        return projects(CORPUS);
    }

    static List<String> nameProjects() throws IOException {
        return projects(NAMES);
    }

    private static List<String> projects(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theWholeCorpusIsChecked() throws IOException {
        assertThat(projects()).hasSize(39);
    }

    @ParameterizedTest
    @MethodSource("projects")
    void theServerAcceptsEveryObject(String project, LocalCluster cluster, ClusterUsers users) throws Exception {
        String namespace = users.createNamespace("conv-" + project.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-").replaceAll("-+$", ""));
        ComposeConversion.Converted converted = ComposeConversion.convert(
                LoadOptions.of(CORPUS.resolve(project), Map.of("HOME", "/home/user")), "", namespace);
        assertAccepted(cluster, project, converted.objects());
    }

    /**
     * Files with service names Kubernetes refuses convert, and the server accepts the objects twice: as
     * {@code kstack convert} prints them, and as the controller writes them once the renamed services' ClusterIPs are
     * known (every pod then mounts its {@code /etc/hosts} from a downward API volume).
     */
    @ParameterizedTest
    @MethodSource("nameProjects")
    void theServerAcceptsTheObjectsOfNamesKubernetesRefuses(String project, LocalCluster cluster, ClusterUsers users)
            throws Exception {
        String namespace = users.createNamespace("names-" + project);
        ComposeConversion.Converted converted = ComposeConversion.convert(LoadOptions.of(NAMES.resolve(project),
                Map.of("HOME", "/home/user", "DB_PASSWORD", "secret")), "", namespace);
        assertAccepted(cluster, project, converted.objects());

        Map<String, String> addresses = new java.util.TreeMap<>();
        ServiceNames.of(converted.spec()).aliased().keySet().forEach(n -> addresses.put(n, "10.0.0.99"));
        ConversionResult written = StackConverter.convert(new StackInput(converted.stackName(), namespace,
                converted.spec(), converted.digests().secrets(), converted.digests().configs(), addresses));
        assertThat(written.unresolved()).isEmpty();
        assertAccepted(cluster, project + " with addresses", written.objects());
    }

    private static void assertAccepted(LocalCluster cluster, String project, List<HasMetadata> objects)
            throws Exception {
        Result r = run(cluster.kubeconfig(), Manifests.yaml(objects), KUBECTL, "apply", "--dry-run=server",
                "-o", "name", "-f", "-");

        assertThat(r.stderr()).as("kubectl stderr for %s", project).isEmpty();
        assertThat(r.exitCode()).as("kubectl exit code for %s", project).isZero();
        List<String> expected = objects.stream().map(CorpusDryRunIT::kubectlName).sorted().toList();
        assertThat(r.stdout().lines().sorted().toList()).as("objects the server accepted for %s", project)
                .isEqualTo(expected);
    }

    /** {@code deployment.apps/web}: how {@code kubectl -o name} names an object. */
    static String kubectlName(HasMetadata o) {
        String version = o.getApiVersion();
        String group = version.contains("/") ? "." + version.substring(0, version.indexOf('/')) : "";
        return o.getKind().toLowerCase(Locale.ROOT) + group + "/" + o.getMetadata().getName();
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(Path kubeconfig, String input, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        Process p = pb.start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl did not finish within 120 s");
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> read(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
