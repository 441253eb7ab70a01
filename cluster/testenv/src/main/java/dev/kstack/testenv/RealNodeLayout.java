package dev.kstack.testenv;

import java.nio.file.Path;

/**
 * The fixed names and addresses of the real node ({@code bin/local-cluster up --real}). They are machine-wide (one
 * bridge, one runtime socket folder), so only one real node runs on a machine at a time.
 *
 * <p>Every address is on the bridge {@value #BRIDGE}, which exists on this machine only: the node IP is the bridge's
 * own address (the pods' gateway), and kube-apiserver, the kubelet and the cluster DNS listen there.
 */
public final class RealNodeLayout {
    public static final String NODE_NAME = "kstack-node";
    public static final String BRIDGE = "kstack0";
    public static final String NODE_IP = "10.123.0.1";
    public static final String POD_CIDR = "10.123.0.0/24";
    public static final String CLUSTER_DOMAIN = "cluster.local";
    /** In dockerd and never pulled: the kubelet's pod sandbox image (from the images' index). */
    public static final String PAUSE_IMAGE = "kstack.local/pause:3.2";
    /** Sockets, dockerd's exec root and the owner file; short, as unix socket paths must be. */
    public static final Path RUN_DIR = Path.of("/run/kstack-node");
    public static final String IPTABLES_COMMENT = "kstack-real-node";

    private RealNodeLayout() {
    }

    public static Path dockerSocket() {
        return RUN_DIR.resolve("docker.sock");
    }

    /** The cluster directory of the real node running on this machine is written here while it runs. */
    public static Path ownerFile() {
        return RUN_DIR.resolve("owner");
    }

    /** dockerd's data root and the registry's storage outlive a cluster (images are imported once per machine). */
    public static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("kstack").resolve("real-node");
    }

    /** The real node's own files inside a cluster directory. */
    public static Path nodeDir(Path clusterDir) {
        return clusterDir.resolve("node");
    }
}
