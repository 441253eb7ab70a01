package dev.kstack.cli;

import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.RealNodeLayout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kstack's own image, built from this build's distribution archive ({@code target/kstack-cli-<version>-dist.tar.gz},
 * made by the package phase before the integration tests) in the real node's dockerd by
 * {@code scripts/real-node/build-kstack-image.sh}; the same archive is built once.
 */
record KstackImage(String repository, String tag) {
    static final Path ROOT = Path.of(System.getProperty("kstack.root", "..")).toAbsolutePath().normalize();

    String ref() {
        return repository + ":" + tag;
    }

    /** {@code --image REPOSITORY --tag TAG}, as install takes them. */
    List<String> installOptions() {
        return List.of("--image", repository, "--tag", tag);
    }

    static KstackImage build(LocalCluster cluster) throws IOException, InterruptedException {
        if (!cluster.hasRealNode()) {
            throw new IllegalStateException("kstack's image is built in the real node's dockerd; " + cluster.dir()
                    + " has no real node");
        }
        Path dist = ROOT.resolve("cli/target/kstack-cli-" + VersionCommand.clientVersion() + "-dist.tar.gz");
        Path log = cluster.logs().resolve("kstack-image.log");
        Path script = ROOT.resolve("scripts/real-node/build-kstack-image.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), dist.toString()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DOCKER_HOST", "unix://" + RealNodeLayout.dockerSocket());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("building kstack's image failed; " + log + ":\n"
                    + String.join("\n", tail(Files.readAllLines(log), 30)));
        }
        String ref = out.lines().reduce((a, b) -> b).orElseThrow();
        int colon = ref.lastIndexOf(':');
        return new KstackImage(ref.substring(0, colon), ref.substring(colon + 1));
    }

    /** {@code docker kill} of one container of a pod on the real node (SIGKILL; the kubelet starts it again). */
    static void kill(String podName, String container) throws IOException, InterruptedException {
        String id = docker("ps", "-q", "--filter", "label=io.kubernetes.pod.name=" + podName,
                "--filter", "label=io.kubernetes.container.name=" + container).strip();
        if (id.isEmpty() || id.contains("\n")) {
            throw new IllegalStateException("expected one running container " + container + " of pod " + podName
                    + ", found: [" + id + "]");
        }
        docker("kill", id);
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + RealNodeLayout.dockerSocket()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
