package dev.kstack.testenv.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.Function;

/**
 * Writes a pod's status through the status subresource, guarded by the pod's resourceVersion: on a 409 conflict it
 * reads the pod again and recomputes the status from it; it writes nothing when the status would not change.
 */
final class PodStatusWriter {

    private static final int ATTEMPTS = 5;

    /** What a write did. */
    enum Result { WRITTEN, UNCHANGED, GONE }

    private PodStatusWriter() {
    }

    static Result write(KubernetesClient client, Pod pod, Function<Pod, PodStatus> desired) {
        Pod current = pod;
        for (int attempt = 1; ; attempt++) {
            PodStatus status = desired.apply(current);
            if (StatusComparison.sameContent(current.getStatus(), status)) {
                return Result.UNCHANGED;
            }
            Pod updated = new PodBuilder(current).withStatus(status).build();
            try {
                client.pods().inNamespace(current.getMetadata().getNamespace()).resource(updated).updateStatus();
                return Result.WRITTEN;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return Result.GONE;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
                current = client.pods().inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName()).get();
                if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                    return Result.GONE;
                }
            }
        }
    }
}
