package dev.kstack.cli;

import dev.kstack.api.Stack;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ServiceReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Every registration of {@code compose.docker.com} that makes kube-apiserver call a server (the CRD's conversion
 * webhook, admission webhooks whose rules name the group, the APIServices), each probed: whether its server answers,
 * and what stops working while it does not.
 */
final class RegisteredServers {
    /** One registration, where it points, and the probe's finding (empty when the server answers). */
    record Registration(String what, String name, String target, Optional<String> problem, String blocks) {
        boolean dead() {
            return problem.isPresent();
        }
    }

    static final String CONVERSION_BLOCKS = "Stack reads and writes in a version other than the stored one fail, and"
            + " kube-controller-manager's garbage collector and resource-quota controller cannot list stacks:"
            + " garbage collection stops for the whole cluster";
    static final String ADMISSION_BLOCKS = "Stack creates and updates are refused (failurePolicy Fail; the rules match"
            + " only compose.docker.com stacks, nothing else is affected)";
    static final String APISERVICE_BLOCKS = "every request to that version of compose.docker.com fails, and"
            + " kube-controller-manager's garbage collector and namespace controller cannot list it: garbage"
            + " collection stops for the whole cluster and namespace deletions hang";

    private static final int CONNECT_TIMEOUT_MS = 3000;

    private final KubernetesClient client;

    RegisteredServers(KubernetesClient client) {
        this.client = client;
    }

    List<Registration> probe() {
        List<Registration> out = new ArrayList<>();
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(StackCrd.NAME).get();
        if (crd != null && crd.getSpec().getConversion() != null
                && "Webhook".equals(crd.getSpec().getConversion().getStrategy())) {
            var config = crd.getSpec().getConversion().getWebhook().getClientConfig();
            ServiceReference s = config.getService();
            out.add(endpoint("conversion webhook", "crd/" + StackCrd.NAME, config.getUrl(), config.getCaBundle(),
                    s == null ? null : s.getNamespace(), s == null ? null : s.getName(),
                    s == null ? null : s.getPort(), CONVERSION_BLOCKS));
        }
        for (var c : client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems()) {
            for (var w : c.getWebhooks()) {
                if (namesStacks(w.getRules())) {
                    out.add(admission("mutating webhook", c.getMetadata().getName() + "/" + w.getName(),
                            w.getClientConfig()));
                }
            }
        }
        for (var c : client.admissionRegistration().v1().validatingWebhookConfigurations().list().getItems()) {
            for (var w : c.getWebhooks()) {
                if (namesStacks(w.getRules())) {
                    out.add(admission("validating webhook", c.getMetadata().getName() + "/" + w.getName(),
                            w.getClientConfig()));
                }
            }
        }
        for (var a : client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService").list().getItems()) {
            Map<String, Object> spec = map(a.getAdditionalProperties().get("spec"));
            Map<String, Object> service = map(spec.get("service"));
            // CRD groups get a local APIService (no Service): kube-apiserver serves those itself.
            if (!Stack.GROUP.equals(spec.get("group")) || service.isEmpty()) {
                continue;
            }
            Map<String, Object> available = conditions(a).stream()
                    .filter(c -> "Available".equals(c.get("type"))).findFirst().orElse(Map.of());
            Optional<String> problem = "True".equals(available.get("status")) ? Optional.empty()
                    : Optional.of("not Available" + (available.isEmpty() ? ""
                            : ": " + available.get("reason") + " " + available.get("message")));
            out.add(new Registration("apiservice", a.getMetadata().getName(),
                    "service " + service.get("namespace") + "/" + service.get("name"), problem, APISERVICE_BLOCKS));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Map<String, Object>> conditions(GenericKubernetesResource apiService) {
        Object list = map(apiService.getAdditionalProperties().get("status")).get("conditions");
        return list instanceof List<?> l ? l.stream().map(RegisteredServers::map).toList() : List.of();
    }

    private static boolean namesStacks(List<io.fabric8.kubernetes.api.model.admissionregistration.v1
            .RuleWithOperations> rules) {
        return rules != null && rules.stream().anyMatch(r -> r.getApiGroups() != null
                && (r.getApiGroups().contains(Stack.GROUP) || r.getApiGroups().contains("*")));
    }

    private Registration admission(String what, String name, WebhookClientConfig config) {
        var s = config.getService();
        return endpoint(what, name, config.getUrl(), config.getCaBundle(), s == null ? null : s.getNamespace(),
                s == null ? null : s.getName(), s == null ? null : s.getPort(), ADMISSION_BLOCKS);
    }

    private Registration endpoint(String what, String name, String url, String caBundle, String namespace,
            String service, Integer port, String blocks) {
        if (url != null) {
            return new Registration(what, name, url, tlsProblem(URI.create(url), caBundle), blocks);
        }
        String target = "service " + namespace + "/" + service + ":" + (port == null ? 443 : port);
        return new Registration(what, name, target, endpointsProblem(namespace, service), blocks);
    }

    /**
     * Empty when a TLS handshake with the URL's host and port succeeds and the server's certificate chains to the
     * registration's {@code caBundle} (as kube-apiserver checks it; the host name is not checked here).
     */
    static Optional<String> tlsProblem(URI url, String caBundle) {
        int port = url.getPort() == -1 ? 443 : url.getPort();
        SSLContext ssl;
        try {
            ssl = trusting(caBundle);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return Optional.of("its caBundle is unreadable (" + e.getMessage() + ")");
        }
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(CONNECT_TIMEOUT_MS);
            socket.startHandshake();
            return Optional.empty();
        } catch (SSLException e) {
            return Optional.of("no TLS handshake with " + url.getHost() + ":" + port + " that the caBundle trusts ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            return Optional.of("no TLS server answers at " + url.getHost() + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    /** An SSL context whose only trust anchors are the certificates of a base64 PEM bundle. */
    private static SSLContext trusting(String caBundle) throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        byte[] pem = caBundle == null ? new byte[0] : Base64.getDecoder().decode(caBundle);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem))) {
            anchors.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
            throw new IllegalArgumentException("no certificate in it");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** Empty when the Service has a ready endpoint (from outside the cluster its pods cannot be dialled). */
    private Optional<String> endpointsProblem(String namespace, String service) {
        Endpoints e = client.endpoints().inNamespace(namespace).withName(service).get();
        boolean ready = e != null && e.getSubsets() != null && e.getSubsets().stream()
                .anyMatch(s -> s.getAddresses() != null && !s.getAddresses().isEmpty());
        return ready ? Optional.empty()
                : Optional.of("service " + namespace + "/" + service + " has no ready endpoint");
    }
}
