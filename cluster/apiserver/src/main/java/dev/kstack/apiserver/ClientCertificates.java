package dev.kstack.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.StackJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;

/**
 * What the cluster says about client certificates, from the ConfigMap {@code kube-system/extension-apiserver-authentication}
 * that kube-apiserver publishes for extension API servers: the CA of ordinary client certificates
 * ({@code client-ca-file}) and the request-header settings of the front proxy (its CA, the allowed common names and
 * the header names for user, groups and extra).
 *
 * <p>It is also the TLS trust manager: a client certificate is accepted when it was signed by one of these CAs (the
 * leaf's issuer is one of them and its signature verifies); which CA tells how the request is authenticated.
 */
public final class ClientCertificates implements X509TrustManager {
    public static final String CONFIG_MAP_NAMESPACE = "kube-system";
    public static final String CONFIG_MAP_NAME = "extension-apiserver-authentication";

    private final List<X509Certificate> clientCas;
    private final List<X509Certificate> requestHeaderCas;
    private final List<String> allowedNames;
    private final List<String> userHeaders;
    private final List<String> groupHeaders;
    private final List<String> extraPrefixes;

    public ClientCertificates(List<X509Certificate> clientCas, List<X509Certificate> requestHeaderCas,
            List<String> allowedNames, List<String> userHeaders, List<String> groupHeaders,
            List<String> extraPrefixes) {
        this.clientCas = List.copyOf(clientCas);
        this.requestHeaderCas = List.copyOf(requestHeaderCas);
        this.allowedNames = List.copyOf(allowedNames);
        this.userHeaders = List.copyOf(userHeaders);
        this.groupHeaders = List.copyOf(groupHeaders);
        this.extraPrefixes = List.copyOf(extraPrefixes);
    }

    /** Reads the ConfigMap (the server's identity needs the role {@code extension-apiserver-authentication-reader}). */
    public static ClientCertificates fromCluster(KubernetesClient client) {
        ConfigMap map = client.configMaps().inNamespace(CONFIG_MAP_NAMESPACE).withName(CONFIG_MAP_NAME).get();
        if (map == null || map.getData() == null) {
            throw new IllegalStateException("the ConfigMap " + CONFIG_MAP_NAMESPACE + "/" + CONFIG_MAP_NAME
                    + " is missing: kube-apiserver publishes it when it runs with --client-ca-file or "
                    + "--requestheader-client-ca-file");
        }
        return fromData(map.getData());
    }

    static ClientCertificates fromData(Map<String, String> data) {
        return new ClientCertificates(certificates(data.get("client-ca-file")),
                certificates(data.get("requestheader-client-ca-file")),
                strings(data.get("requestheader-allowed-names")),
                strings(data.get("requestheader-username-headers")),
                strings(data.get("requestheader-group-headers")),
                strings(data.get("requestheader-extra-headers-prefix")));
    }

    public List<String> allowedNames() {
        return allowedNames;
    }

    public List<String> userHeaders() {
        return userHeaders;
    }

    public List<String> groupHeaders() {
        return groupHeaders;
    }

    public List<String> extraPrefixes() {
        return extraPrefixes;
    }

    /** Whether the leaf certificate was issued by the front proxy's CA. */
    public boolean isFrontProxy(X509Certificate leaf) {
        return signedByOneOf(leaf, requestHeaderCas);
    }

    /** Whether the leaf certificate was issued by the cluster's client CA. */
    public boolean isClient(X509Certificate leaf) {
        return signedByOneOf(leaf, clientCas);
    }

    /** Whether the front proxy certificate's common name may assert users (any, when the list is empty). */
    public boolean allowedName(X509Certificate leaf) {
        return allowedNames.isEmpty() || allowedNames.contains(commonName(leaf));
    }

    static boolean signedByOneOf(X509Certificate leaf, List<X509Certificate> cas) {
        try {
            leaf.checkValidity();
        } catch (CertificateException e) {
            return false;
        }
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                try {
                    leaf.verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException wrongKey) {
                    // another CA with the same name may have signed it
                }
            }
        }
        return false;
    }

    /** The CN of the certificate's subject ("" when none). */
    static String commonName(X509Certificate certificate) {
        return rdn(certificate, "CN").stream().findFirst().orElse("");
    }

    /** The O values of the certificate's subject (Kubernetes groups). */
    static List<String> organizations(X509Certificate certificate) {
        return rdn(certificate, "O");
    }

    private static List<String> rdn(X509Certificate certificate, String type) {
        List<String> out = new ArrayList<>();
        try {
            for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(
                    certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    out.add(rdn.getValue().toString());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return List.of();
        }
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0 || !(isFrontProxy(chain[0]) || isClient(chain[0]))) {
            throw new CertificateException("the client certificate is not signed by the cluster's client CA or the "
                    + "front proxy's CA");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        List<X509Certificate> all = new ArrayList<>(clientCas);
        all.addAll(requestHeaderCas);
        return all.toArray(X509Certificate[]::new);
    }

    private static List<X509Certificate> certificates(String pem) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        try {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certs.stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalStateException("unreadable CA in " + CONFIG_MAP_NAME + ": " + e.getMessage(), e);
        }
    }

    /** The ConfigMap holds lists as JSON arrays of strings. */
    private static List<String> strings(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            JsonNode node = StackJson.lenient().readTree(json);
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        } catch (java.io.IOException e) {
            return Arrays.asList(json.split(","));
        }
    }
}
