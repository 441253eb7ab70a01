package dev.kstack.server;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigFluent;

/**
 * Where the API server reaches the kstack server, and the CA it trusts for it: either a Service in the cluster
 * (the normal install) or a URL (run-local: a server on this machine serving a local cluster).
 */
public sealed interface WebhookEndpoint {
    /** The base64 PEM CA bundle the API server uses to verify the server. */
    String caBundle();

    /** The Service {@code namespace/name} on {@code port}. */
    record InCluster(String namespace, String name, int port, String caBundle) implements WebhookEndpoint {
    }

    /** A URL such as {@code https://127.0.0.1:8443} (no trailing slash). */
    record Url(String baseUrl, String caBundle) implements WebhookEndpoint {
    }

    /** The client configuration of an admission webhook for {@code path}. */
    default WebhookClientConfig admission(String path) {
        WebhookClientConfigBuilder b = new WebhookClientConfigBuilder().withCaBundle(caBundle());
        if (this instanceof InCluster s) {
            b.withNewService().withNamespace(s.namespace()).withName(s.name()).withPort(s.port()).withPath(path)
                    .endService();
        } else if (this instanceof Url u) {
            b.withUrl(u.baseUrl() + path);
        }
        return b.build();
    }

    /** The client configuration of the CRD conversion webhook for {@code path}. */
    default io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfig conversion(String path) {
        var b = new io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigBuilder()
                .withCaBundle(caBundle());
        WebhookClientConfigFluent<?> fluent = b;
        if (this instanceof InCluster s) {
            fluent.withNewService().withNamespace(s.namespace()).withName(s.name()).withPort(s.port()).withPath(path)
                    .endService();
        } else if (this instanceof Url u) {
            fluent.withUrl(u.baseUrl() + path);
        }
        return b.build();
    }
}
