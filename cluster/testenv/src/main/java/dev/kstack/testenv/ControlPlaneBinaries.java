package dev.kstack.testenv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the control-plane binaries, provisioning them on first use with {@code scripts/provision-control-plane.sh}
 * (which builds kube-apiserver, kube-controller-manager and kube-scheduler from Debian's source package and caches them).
 */
public final class ControlPlaneBinaries {
    static final List<String> REQUIRED = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler");

    private ControlPlaneBinaries() {
    }

    /** {@code KSTACK_KUBERNETES_BIN} when set, else the provisioning script's cache (building it when missing). */
    public static Path locate() {
        return locate("scripts/provision-control-plane.sh", REQUIRED);
    }

    /**
     * The binaries of a cluster with a real node (kubelet and kube-proxy too), after {@code scripts/provision-real-node.sh}
     * installed the packages the node needs (dockerd, CNI plugins, dnsmasq, the registry, ...).
     */
    public static Path locateForRealNode() {
        List<String> all = new java.util.ArrayList<>(REQUIRED);
        all.addAll(List.of("kubelet", "kube-proxy"));
        return locate("scripts/provision-real-node.sh", all);
    }

    private static Path locate(String provisioning, List<String> required) {
        String env = System.getenv("KSTACK_KUBERNETES_BIN");
        if (env != null && !env.isBlank() && !provisioning.contains("real-node")) {
            return verify(Path.of(env), required);
        }
        Path script = projectRoot().resolve(provisioning);
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("cannot find " + script + "; set KSTACK_KUBERNETES_BIN to the binaries' directory");
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    last = line;
                }
            }
            int rc = p.waitFor();
            if (rc != 0 || last == null) {
                throw new IllegalStateException("provisioning the control-plane binaries failed (exit " + rc + ")");
            }
            return verify(Path.of(last.trim()), required);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning", e);
        }
    }

    private static Path verify(Path dir, List<String> required) {
        for (String b : required) {
            if (!Files.isExecutable(dir.resolve(b))) {
                throw new IllegalStateException("missing control-plane binary " + dir.resolve(b));
            }
        }
        return dir;
    }

    /** The project's root: the {@code kstack.root} system property, else the nearest parent holding {@code mvnw}. */
    public static Path projectRoot() {
        String prop = System.getProperty("kstack.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "scripts"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("scripts"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the kstack project root from " + Path.of("").toAbsolutePath());
    }
}
