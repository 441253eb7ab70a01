package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeErrorsTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            500 | Internal error occurred: failed calling webhook "validate.stacks.compose.docker.com": Post "https://kstack-server.kstack.svc:443/validate?timeout=10s": dial tcp 10.0.0.179:443: connect: connection refused | true
            500 | Internal error occurred: failed calling webhook "author.stacks.compose.docker.com": Post "https://kstack-server.kstack.svc:443/mutate?timeout=10s": no endpoints available for service "kstack-server" | true
            500 | conversion webhook for compose.docker.com/v1alpha3, Kind=Stack failed: Post "https://kstack-server.kstack.svc:443/convert?timeout=30s": dial tcp 10.0.0.179:443: i/o timeout | true
            500 | Internal error occurred: failed calling webhook "validate.stacks.compose.docker.com": Post "https://127.0.0.1:39195/validate?timeout=10s": EOF | true
            400 | admission webhook "validate.stacks.compose.docker.com" denied the request: services.web.image: an image is required | false
            500 | Internal error occurred: failed calling webhook "validate.stacks.compose.docker.com": Post "https://kstack-server.kstack.svc:443/validate?timeout=10s": x509: certificate signed by unknown authority | false
            500 | etcdserver: request timed out, possibly due to connection refused | false
            503 | failed calling webhook "validate.stacks.compose.docker.com": connection refused | false
            """)
    void aWebhookThatCouldNotBeReachedIsRetriedAndNothingElse(int code, String message, boolean retried) {
        KubernetesClientException e = new KubernetesClientException(
                new StatusBuilder().withCode(code).withMessage(message).build());
        assertThat(KubeErrors.webhookUnreached(e)).isEqualTo(retried);
    }
}
