package dev.kstack.testenv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host changes a real node needs, recorded before they are made (in {@code node/host-changes.properties}) so
 * that {@link #restore} undoes exactly them: sysctls, the bridge, the iptables guard and every chain the kubelet,
 * kube-proxy and the CNI plugins add, the fixed log folders, mounts under the node's folders and the kubepods cgroups.
 */
final class RealNodeHost {
    private static final Logger LOG = LoggerFactory.getLogger(RealNodeHost.class);
    /** Every sysctl the bridge plugin, the kubelet or kube-proxy may set. */
    static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables",
            "net.ipv4.conf.all.route_localnet", "vm.overcommit_memory", "vm.panic_on_oom", "kernel.panic",
            "kernel.panic_on_oops", "kernel.keys.root_maxkeys", "kernel.keys.root_maxbytes");
    static final List<Path> FIXED_DIRS = List.of(Path.of("/var/log/pods"), Path.of("/var/log/containers"));
    static final List<String> CGROUP_TOPS = List.of("kubepods", "docker");
    private static final List<String> GUARD = List.of("FORWARD", "-i", RealNodeLayout.BRIDGE, "!", "-o",
            RealNodeLayout.BRIDGE, "-m", "comment", "--comment", RealNodeLayout.IPTABLES_COMMENT, "-j", "DROP");

    private final Path clusterDir;
    private final Path record;

    RealNodeHost(Path clusterDir) {
        this.clusterDir = clusterDir;
        this.record = RealNodeLayout.nodeDir(clusterDir).resolve("host-changes.properties");
    }

    /** Records the host's state (once: a second call keeps the first record), then creates the bridge and the guard. */
    void prepare() {
        Properties p = load();
        if (p.isEmpty()) {
            p.setProperty("br_netfilter.loaded", Boolean.toString(Files.isDirectory(Path.of("/sys/module/br_netfilter"))));
            HostCommands.run("modprobe", "br_netfilter");
            for (String s : SYSCTLS) {
                HostCommands.Result r = HostCommands.run("sysctl", "-n", s);
                if (r.ok()) {
                    p.setProperty("sysctl." + s, r.output().trim());
                }
            }
            for (Path d : FIXED_DIRS) {
                p.setProperty("existed." + d, Boolean.toString(Files.exists(d)));
            }
            for (Path c : cgroupDirs()) {
                p.setProperty("existed." + c, Boolean.toString(Files.exists(c)));
            }
            save(p);
        }
        HostCommands.check("sysctl", "-qw", "net.ipv4.ip_forward=1");
        HostCommands.check("sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1");
        if (!HostCommands.run("ip", "link", "show", RealNodeLayout.BRIDGE).ok()) {
            HostCommands.check("ip", "link", "add", RealNodeLayout.BRIDGE, "type", "bridge");
        }
        if (!HostCommands.run("ip", "-4", "addr", "show", "dev", RealNodeLayout.BRIDGE).output()
                .contains(RealNodeLayout.NODE_IP + "/")) {
            HostCommands.check("ip", "addr", "add", RealNodeLayout.NODE_IP + "/24", "dev", RealNodeLayout.BRIDGE);
        }
        HostCommands.check("ip", "link", "set", RealNodeLayout.BRIDGE, "up");
        // Pods may reach each other, Service IPs (translated back onto the bridge) and this host; nothing else.
        if (!HostCommands.run(iptables("-C", GUARD)).ok()) {
            HostCommands.check(iptables("-I", insertFirst(GUARD)).toArray(String[]::new));
        }
    }

    /** Undoes what {@link #prepare} and the node's components changed on the host. Safe to call more than once. */
    void restore() {
        while (HostCommands.run(iptables("-D", GUARD)).ok()) {
            LOG.debug("removed the FORWARD guard");
        }
        removeChains();
        for (String link : HostCommands.run("ip", "-o", "link", "show", "master", RealNodeLayout.BRIDGE).output().split("\n")) {
            String[] f = link.split(":\\s+");
            if (f.length > 1) {
                HostCommands.run("ip", "link", "del", f[1].split("@")[0]);
            }
        }
        HostCommands.run("ip", "link", "del", RealNodeLayout.BRIDGE);
        unmountUnder(clusterDir);
        unmountUnder(RealNodeLayout.RUN_DIR);
        Properties p = load();
        for (Path c : cgroupDirs()) {
            if ("false".equals(p.getProperty("existed." + c))) {
                removeEmptyTree(c);
            }
        }
        for (Path d : FIXED_DIRS) {
            if ("false".equals(p.getProperty("existed." + d))) {
                deleteTree(d);
            }
        }
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("sysctl.")) {
                HostCommands.run("sysctl", "-qw", k.substring(7) + "=" + p.getProperty(k));
            }
        }
        if ("false".equals(p.getProperty("br_netfilter.loaded"))) {
            HostCommands.run("modprobe", "-r", "br_netfilter");
        }
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> insertFirst(List<String> rule) {
        List<String> r = new ArrayList<>(rule);
        r.add(1, "1");
        return r;
    }

    private static List<String> iptables(String op, List<String> rule) {
        List<String> c = new ArrayList<>(List.of("iptables", "-w", op));
        c.addAll(rule);
        return c;
    }

    /** Removes every KUBE-* and CNI-* chain (and the jumps to them) in filter, nat and mangle. */
    private static void removeChains() {
        for (String table : List.of("filter", "nat", "mangle")) {
            String rules = HostCommands.run("iptables", "-w", "-t", table, "-S").output();
            List<String> chains = new ArrayList<>();
            for (String line : rules.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("-N") && (f[1].startsWith("KUBE-") || f[1].startsWith("CNI-"))) {
                    chains.add(f[1]);
                } else if (f.length >= 2 && f[0].equals("-A") && !chains.contains(f[1]) && !f[1].startsWith("KUBE-")
                        && !f[1].startsWith("CNI-") && (line.contains("-j KUBE-") || line.contains("-j CNI-"))) {
                    List<String> del = new ArrayList<>(List.of("iptables", "-w", "-t", table, "-D"));
                    del.addAll(shellWords(line.substring(3)));
                    HostCommands.run(del);
                }
            }
            chains.forEach(c -> HostCommands.run("iptables", "-w", "-t", table, "-F", c));
            chains.forEach(c -> HostCommands.run("iptables", "-w", "-t", table, "-X", c));
        }
    }

    /** Splits an iptables-save line into words, keeping double-quoted comments whole. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(ch) && !quoted) {
                if (any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(ch);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }

    /** Unmounts every mount point below {@code dir}, deepest first (lazily when busy). */
    static void unmountUnder(Path dir) {
        String prefix = dir.toAbsolutePath() + "/";
        List<String> targets = new ArrayList<>();
        for (String line : HostCommands.run("findmnt", "-rn", "-o", "TARGET").output().split("\n")) {
            String t = line.replace("\\x20", " ");
            if (t.startsWith(prefix) || t.equals(dir.toAbsolutePath().toString())) {
                targets.add(t);
            }
        }
        targets.sort(Comparator.comparingInt(String::length).reversed());
        for (String t : targets) {
            if (!HostCommands.run("umount", t).ok()) {
                HostCommands.run("umount", "-l", t);
            }
        }
    }

    private static List<Path> cgroupDirs() {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/fs/cgroup"))) {
            s.filter(Files::isDirectory).forEach(h -> CGROUP_TOPS.forEach(t -> dirs.add(h.resolve(t))));
        } catch (IOException e) {
            LOG.debug("no cgroup folders: {}", e.toString());
        }
        return dirs;
    }

    private static void removeEmptyTree(Path cgroup) {
        if (!Files.isDirectory(cgroup)) {
            return;
        }
        try (Stream<Path> s = Files.walk(cgroup)) {
            s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> d.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove cgroup {}: {}", cgroup, e.toString());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(record)) {
            try (Reader r = Files.newBufferedReader(record)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private void save(Properties p) {
        try {
            Files.createDirectories(record.getParent());
            try (Writer w = Files.newBufferedWriter(record)) {
                p.store(w, "host state before the real node started; bin/local-cluster down restores it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
