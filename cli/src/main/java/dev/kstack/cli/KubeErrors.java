package dev.kstack.cli;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The one line a user reads when the cluster refuses a request or cannot be reached. */
final class KubeErrors {
    private KubeErrors() {
    }

    static String describe(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage();
        }
        if (e.getCode() == 0) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "cannot reach the cluster: " + (root.getMessage() == null ? root.toString() : root.getMessage());
        }
        return e.getMessage();
    }

    static boolean notFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }

    static boolean conflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }
}
