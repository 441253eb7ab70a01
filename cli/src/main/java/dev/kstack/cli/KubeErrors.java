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

    /** How kube-apiserver words a failed webhook call whose server could not be reached (lower case). */
    private static final java.util.List<String> UNREACHED_WEBHOOK = java.util.List.of("connection refused",
            "no endpoints available", "no route to host", "i/o timeout", "connection reset", ": eof",
            "tls handshake timeout");

    /**
     * True when kube-apiserver answered 500 because it could not reach an admission or conversion webhook server
     * ({@code failed calling webhook "...": Post "https://...": dial tcp ...: connect: connection refused}): for a
     * moment after one of several server replicas stops, its Service still sends some connections to it. The request
     * was refused before anything was stored, so it may be sent again. A webhook that answered and denied is not this.
     */
    static boolean webhookUnreached(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return e.getCode() == 500 && (m.contains("failed calling webhook") || m.contains("conversion webhook"))
                && UNREACHED_WEBHOOK.stream().anyMatch(m::contains);
    }
}
