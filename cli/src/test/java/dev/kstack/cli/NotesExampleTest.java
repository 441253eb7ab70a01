package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/notes converts without a warning into what its README promises: a published front end, a 3-replica API
 * behind a ClusterIP Service with a probe and the secret, redis in a StatefulSet with a claim for its named volume.
 */
class NotesExampleTest {
    static final Path COMPOSE = Path.of(System.getProperty("kstack.root", "..")).toAbsolutePath().normalize()
            .resolve("examples/notes/docker-compose.yml");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @TempDir
    Path out;

    private <T> T read(String file, Class<T> type) throws Exception {
        return JSON.unmarshal(Files.readString(out.resolve(file)), type);
    }

    private static Container only(io.fabric8.kubernetes.api.model.PodSpec spec) {
        assertThat(spec.getContainers()).hasSize(1);
        return spec.getContainers().get(0);
    }

    @Test
    void convertsWithoutWarningsIntoTheObjectsItsReadmeDescribes() throws Exception {
        Cli.Run r = Cli.run("convert", "-f", COMPOSE.toString(), "-o", "json", "--output-dir", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning").startsWith("wrote 10 files to ");

        Service published = read("07-service-web-published.json", Service.class);
        assertThat(published.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(published.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(published.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(80);

        Deployment web = read("09-deployment-web.json", Deployment.class);
        assertThat(only(web.getSpec().getTemplate().getSpec()).getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/etc/nginx/conf.d/default.conf", "/usr/share/nginx/html/index.html");

        Service api = read("04-service-api.json", Service.class);
        assertThat(api.getSpec().getClusterIP()).isNotEqualTo("None");
        assertThat(api.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8000);

        Deployment apiPods = read("08-deployment-api.json", Deployment.class);
        assertThat(apiPods.getSpec().getReplicas()).isEqualTo(3);
        Container apiContainer = only(apiPods.getSpec().getTemplate().getSpec());
        assertThat(apiContainer.getImage()).isEqualTo("kstack/example-api:1.0");
        assertThat(apiContainer.getReadinessProbe().getExec().getCommand())
                .containsExactly("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/healthz");
        assertThat(apiContainer.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/run/secrets/redis-password");

        Service db = read("05-service-db.json", Service.class);
        assertThat(db.getSpec().getClusterIP()).isEqualTo("None");

        StatefulSet redis = read("10-statefulset-db.json", StatefulSet.class);
        assertThat(redis.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName())
                .containsExactly("db-data");
        Container redisContainer = only(redis.getSpec().getTemplate().getSpec());
        assertThat(redisContainer.getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/data", "/run/secrets/redis-password");
        // compose's $$ is one $ for the shell; Kubernetes would expand $(...) in args unless it is written $$(...)
        assertThat(String.join(" ", redisContainer.getArgs())).contains("\"$$(cat /run/secrets/redis-password)\"");
        assertThat(String.join(" ", redisContainer.getLivenessProbe().getExec().getCommand()))
                .contains("\"$(cat /run/secrets/redis-password)\"");
    }

    @Test
    void theDockerCliVariantConvertsToTheSameObjects(@TempDir Path other) throws Exception {
        Cli.Run compose = Cli.run("convert", "-f", COMPOSE.toString(), "-o", "json", "--output-dir", out.toString());
        Cli.Run stack = Cli.run("convert", "-f", COMPOSE.resolveSibling("docker-stack.yml").toString(), "-p", "notes",
                "-o", "json", "--output-dir", other.toString());

        assertThat(stack.exit()).as(stack.err()).isZero();
        assertThat(stack.err()).contains("the top-level \"version\" is obsolete and ignored");
        try (var files = Files.list(out)) {
            List<Path> written = files.sorted().toList();
            assertThat(written).as(compose.err()).hasSize(10);
            for (Path f : written) {
                assertThat(Files.readString(other.resolve(f.getFileName()))).as(f.getFileName().toString())
                        .isEqualTo(Files.readString(f));
            }
        }
    }
}
