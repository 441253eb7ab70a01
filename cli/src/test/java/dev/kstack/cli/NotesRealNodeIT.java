package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.DockerCli;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.RealNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notes example really runs: on the local cluster's real node, {@code kstack install --run-local} then
 * {@code kstack deploy} of {@code examples/notes}; a note posted on the published port goes through nginx to one of the
 * API replicas (found by its compose name) and into redis (found by its compose name through the headless Service),
 * and comes back; {@code kstack logs} shows the request lines the API printed; {@code kstack exec} runs a command in an
 * API container, which reads the secret at its compose target; the note survives the deletion of the database's pod
 * (named volume); {@code kstack rm} leaves no pod running.
 */
@ExtendWith(LocalClusterExtension.class)
@RealNode
class NotesRealNodeIT {
    static final Path NOTES = Path.of(System.getProperty("kstack.root", "..")).resolve(
            "examples/notes/docker-compose.yml").toAbsolutePath().normalize();
    /** The same application in the compose format 3.8, for the Docker CLI 20.10. */
    static final Path NOTES_FOR_DOCKER = NOTES.resolveSibling("docker-stack.yml");
    private static final Duration READY = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void theNotesExampleServesThroughItsPublishedPort(LocalCluster cluster, KubernetesClient admin, ClusterUsers users)
            throws Exception {
        String kubeconfig = cluster.kubeconfig().toString();
        String ns = users.createNamespace("notes");
        String[] c = {"--kubeconfig", kubeconfig, "-n", ns};
        Path state = dir.resolve("run-local");
        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
        try {
            story(admin, ns, c, "127.0.0.1:" + cluster.port("registry"));
        } finally {
            Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", kubeconfig,
                    "--state-dir", state.toString());
            assertThat(uninstall.exit()).as(uninstall.err()).isZero();
        }
    }

    private void story(KubernetesClient admin, String ns, String[] c, String registry) throws Exception {
        String text = deployAndPostANote(c);

        // The API printed one line per request; kstack logs shows them, prefixed by the replica.
        Await.until(Duration.ofSeconds(30), "the API's request lines in kstack logs",
                () -> Cli.run(WordsmithIT.args(c, "logs", "notes", "api")).out().contains("POST /api/notes 201"));

        // exec: a command in an API container; the secret is readable at its compose target.
        // (bin/kstack as its own process: exec streams the container's bytes to the process's standard output)
        Cli.Run exec = exec(c, "notes", "api", "--", "cat", "/run/secrets/redis-password");
        assertThat(exec.exit()).as(exec.err()).isZero();
        String password = Files.readString(NOTES.resolveSibling("redis-password.txt")).trim();
        assertThat(exec.out().trim()).isEqualTo(password);
        Cli.Run failing = exec(c, "notes", "api", "--", "sh", "-c", "echo on stderr >&2; exit 3");
        assertThat(failing.exit()).isEqualTo(3);
        assertThat(failing.err()).contains("on stderr");

        // The named volume keeps the data when the database's pod is deleted and replaced.
        List<Pod> dbPods = servicePods(admin, ns, "db");
        assertThat(dbPods).hasSize(1);
        String old = dbPods.get(0).getMetadata().getUid();
        admin.resource(dbPods.get(0)).withGracePeriod(5).delete();
        Await.until(READY, "a new ready db pod", () -> servicePods(admin, ns, "db").stream()
                .anyMatch(p -> !p.getMetadata().getUid().equals(old) && Readiness.isPodReady(p)));
        Await.until(READY, "the note read back after the db pod was replaced", () -> {
            Answer notes = get("/api/notes");
            return notes.status() == 200 && notes.body().contains(text);
        });

        // The API built from its Dockerfile (docker-compose.build.yml) by the Docker CLI into the node's dockerd,
        // pushed to the node's registry and deployed by its digest: the API's pods roll to it and serve the notes.
        Path docker = DockerCli.provision();
        Cli.Run built = Cli.binary(dir, BuildRealNodeIT.nodeDocker(docker),
                Duration.ofMinutes(6), WordsmithIT.args(c, "deploy", "-c", NOTES.toString(), "-c",
                        NOTES.resolveSibling("docker-compose.build.yml").toString(), "--build", "--registry", registry,
                        "--timeout", "4m", "notes"));
        assertThat(built.exit()).as(built.out() + built.err()).isZero();
        assertThat(built.out()).contains("Building api as " + registry + "/notes/api",
                "Stack notes is stable and running");
        Await.until(READY, "every API pod runs the image built from api/Dockerfile", () -> {
            List<Pod> api = servicePods(admin, ns, "api");
            return api.size() == 3 && api.stream().allMatch(p -> Readiness.isPodReady(p) && p.getSpec().getContainers()
                    .get(0).getImage().startsWith(registry + "/notes/api@sha256:"));
        });
        Await.until(READY, "the note read back through the API built from its Dockerfile", () -> {
            Answer notes = get("/api/notes");
            return notes.status() == 200 && notes.body().contains(text);
        });

        removeAndAwaitNoPods(admin, ns, c);
    }

    /**
     * {@code kstack deploy} of the notes example with the common options {@code c} (kubeconfig, namespace): every
     * service Ready, {@code kstack services} shows web on localhost:8080 (the local LoadBalancer's ingress hostname), and a note posted there goes through nginx
     * to an API replica (by its compose name) and into redis (by its name through the headless Service), and reads
     * back. Returns the note's text.
     */
    static String deployAndPostANote(String[] c) throws Exception {
        Cli.Run deploy = Cli.run(WordsmithIT.args(c, "deploy", "-c", NOTES.toString(), "--timeout", "4m", "notes"));
        assertThat(deploy.exit()).as(deploy.out() + deploy.err()).isZero();
        assertThat(deploy.out()).contains("web: Ready\n", "api: Ready\n", "db: Ready\n")
                .endsWith("\nStack notes is stable and running\n");

        // kstack services shows where the published port answers once the local LoadBalancer has taken it
        Await.until(Duration.ofSeconds(60), "kstack services shows web on localhost:8080", () -> Cli.run(
                WordsmithIT.args(c, "services", "notes")).out().contains("localhost:8080->80/tcp"));
        assertThat(Cli.run(WordsmithIT.args(c, "services", "notes")).out()).containsPattern("api +replicated +3/3 ");
        return postANote();
    }

    /**
     * Once the front end answers on 127.0.0.1:8080, a note posted there goes through nginx to an API replica and into
     * redis, and reads back. Returns the note's text.
     */
    static String postANote() throws Exception {
        String text = "a note " + UUID.randomUUID();
        Await.until(READY, "the front end answers on 127.0.0.1:8080", () -> get("/healthz").status() == 200);
        HttpResponse<String> posted = post(text);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(posted.body()).contains(text, "\"by\": \"api-");
        assertThat(get("/api/notes").body()).contains(text);
        return text;
    }

    /**
     * A note posted on 127.0.0.1:8080 comes back, asking again until {@code within} has passed while the answer is not
     * 201: for the Docker CLI's stack, which has no {@code depends_on} (the CLI drops it), so the API may start before
     * redis answers and fail requests until it does.
     */
    static String postANoteRetrying(Duration within) throws Exception {
        String text = "a note " + UUID.randomUUID();
        Answer[] last = {null};
        try {
            Await.until(within, "a note posted on 127.0.0.1:8080 answered 201", () -> {
                try {
                    HttpResponse<String> r = post(text);
                    last[0] = new Answer(r.statusCode(), r.body());
                } catch (IOException e) {
                    last[0] = new Answer(0, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return last[0].status() == 201;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        assertThat(last[0].body()).contains(text, "\"by\": \"api-");
        assertThat(get("/api/notes").body()).contains(text);
        return text;
    }

    private static HttpResponse<String> post(String text) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url("/api/notes"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"" + text + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code kstack rm notes}, then waits until no pod of the stack is left in {@code ns}. */
    static void removeAndAwaitNoPods(KubernetesClient admin, String ns, String[] c) {
        Cli.Run rm = Cli.run(WordsmithIT.args(c, "rm", "notes"));
        assertThat(rm.exit()).as(rm.err()).isZero();
        Await.until(READY, "no pod of the stack left", () -> admin.pods().inNamespace(ns)
                .withLabel(StackLabels.STACK, "notes").list().getItems().isEmpty());
    }

    /** {@code bin/kstack exec COMMON... ARGS...} as a user runs it, with no terminal. */
    private Cli.Run exec(String[] common, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("exec"));
        command.addAll(List.of(common));
        command.addAll(List.of(args));
        return Cli.binary(dir, command.toArray(String[]::new));
    }

    private static List<Pod> servicePods(KubernetesClient admin, String ns, String service) {
        return admin.pods().inNamespace(ns).withLabel(StackLabels.STACK, "notes")
                .withLabel(StackLabels.SERVICE_NAME, service).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:8080" + path);
    }

    /** A GET on the published port: its status and body, or status 0 and the error when nothing answered. */
    private static Answer get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, String body) {
    }
}
