package dev.kstack.server;

/**
 * What {@link InstallManifests} renders.
 *
 * @param namespace where the server's Deployment, Service and identity live
 * @param image the kstack image that runs {@code kstack server}
 * @param replicas server replicas
 * @param runLocalPort 0 for a normal install; otherwise the loopback port of a server running on this machine
 *                     (run-local: only the CRD and webhook configurations are rendered, pointing at
 *                     {@code https://127.0.0.1:<port>})
 */
public record InstallOptions(String namespace, String image, int replicas, int runLocalPort) {
    public static final String DEFAULT_NAMESPACE = "kstack";
    public static final String DEFAULT_IMAGE = "kstack/kstack:latest";

    public InstallOptions {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace: must not be empty");
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas: must be at least 1, was " + replicas);
        }
        if (runLocalPort < 0 || runLocalPort > 65535) {
            throw new IllegalArgumentException("runLocalPort: must be a port number, was " + runLocalPort);
        }
    }

    public static InstallOptions inCluster(String namespace, String image, int replicas) {
        return new InstallOptions(namespace, image, replicas, 0);
    }

    public static InstallOptions runLocal(int port) {
        return new InstallOptions(DEFAULT_NAMESPACE, DEFAULT_IMAGE, 1, port);
    }

    public boolean isRunLocal() {
        return runLocalPort != 0;
    }
}
