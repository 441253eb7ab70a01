package dev.kstack.cli;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The one line a user reads when the cluster refuses a request or cannot be reached. */
final class KubeErrors {
    private KubeErrors() {
    }

    static String describe(KubernetesClientException e) {
        // No HTTP answer (code 0 or -1): the message only says "An error has occurred."; the cause says why.
        if (unreached(e)) {
            return "cannot reach the cluster: " + rootCause(e);
        }
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage();
        }
        return e.getMessage();
    }

    /** True when no API server answered the request (connection refused, unknown host, TLS failure...). */
    static boolean unreached(KubernetesClientException e) {
        return e.getCode() <= 0;
    }

    /** The innermost cause's message: what went wrong below the client. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host " + root.getMessage();     // its message is the bare host name
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    static boolean notFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }

    static boolean conflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }
}
