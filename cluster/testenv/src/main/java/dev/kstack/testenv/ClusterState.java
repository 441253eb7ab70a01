package dev.kstack.testenv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The ports and process ids of a local cluster, saved as {@code state.properties} in its directory. */
record ClusterState(Path dir, Map<String, Integer> ports, Map<String, Long> processes, Map<String, Long> startTimes,
        List<String> nodes, boolean realNode) {
    private static final String FILE = "state.properties";

    /** The address kube-apiserver serves on: loopback, or the real node's bridge address (reachable from pods). */
    String apiServerHost() {
        return realNode ? RealNodeLayout.NODE_IP : "127.0.0.1";
    }

    int port(String component) {
        Integer p = ports.get(component);
        if (p == null) {
            throw new IllegalStateException("no port recorded for " + component);
        }
        return p;
    }

    /**
     * The process of {@code component}; its command line must mention the directory the state was loaded from, and
     * its start time must be the one recorded (when one was), so that a recycled pid is never taken for it.
     */
    Optional<ManagedProcess> process(String component) {
        return Optional.ofNullable(processes.get(component))
                .map(pid -> new ManagedProcess(component, pid, dir.toString(), startTimes.getOrDefault(component, 0L)));
    }

    /** Records a started process with its start time (milliseconds since the epoch, as the kernel reports it). */
    void recordProcess(String component, long pid) {
        processes.put(component, pid);
        ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .ifPresentOrElse(t -> startTimes.put(component, t.toEpochMilli()), () -> startTimes.remove(component));
    }

    void save() {
        Properties p = new Properties();
        ports.forEach((k, v) -> p.setProperty("port." + k, Integer.toString(v)));
        processes.forEach((k, v) -> p.setProperty("pid." + k, Long.toString(v)));
        startTimes.forEach((k, v) -> p.setProperty("started." + k, Long.toString(v)));
        p.setProperty("nodes", String.join(",", nodes));
        p.setProperty("real-node", Boolean.toString(realNode));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE))) {
            p.store(w, "kstack local cluster: ports and process ids");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<ClusterState> load(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Long> started = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("port.")) {
                ports.put(k.substring(5), Integer.parseInt(p.getProperty(k)));
            } else if (k.startsWith("pid.")) {
                pids.put(k.substring(4), Long.parseLong(p.getProperty(k)));
            } else if (k.startsWith("started.")) {
                started.put(k.substring(8), Long.parseLong(p.getProperty(k)));
            }
        }
        return Optional.of(new ClusterState(dir.toAbsolutePath(), ports, pids, started, Arrays.asList(p.getProperty("nodes", "").split(",")),
                Boolean.parseBoolean(p.getProperty("real-node", "false"))));
    }

    void delete() {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
