package dev.kstack.apiserver;

import dev.kstack.api.StackAuthor;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who is calling, as an extension API server must decide it:
 * <ol>
 *   <li>a client certificate of the front proxy's CA with an allowed common name: the user named by the request
 *       headers ({@code X-Remote-User}, {@code X-Remote-Group}, {@code X-Remote-Extra-*}; the names come from the
 *       cluster's ConfigMap). Those headers are ignored on any other connection;</li>
 *   <li>a client certificate of the cluster's client CA: its CN is the user, its O values the groups;</li>
 *   <li>a bearer token: asked to kube-apiserver with a TokenReview (answers cached briefly);</li>
 *   <li>otherwise {@code system:anonymous}.</li>
 * </ol>
 */
public final class Authenticator {
    public static final StackAuthor ANONYMOUS = new StackAuthor("system:anonymous", List.of("system:unauthenticated"),
            Map.of());
    private static final Duration TOKEN_CACHE = Duration.ofSeconds(10);

    private final ClientCertificates certificates;
    private final KubernetesClient client;
    private final TtlCache<String, StackAuthor> tokens = new TtlCache<>(1000);

    public Authenticator(ClientCertificates certificates, KubernetesClient client) {
        this.certificates = certificates;
        this.client = client;
    }

    /** The request's headers as the HTTP layer gives them (names in any case). */
    public interface Headers {
        List<String> all(String name);

        Iterable<String> names();
    }

    /** The caller; throws a 401 ApiException when a presented credential is not valid. */
    public StackAuthor authenticate(X509Certificate clientCertificate, Headers headers) {
        if (clientCertificate != null && certificates.isFrontProxy(clientCertificate)) {
            if (!certificates.allowedName(clientCertificate)) {
                throw unauthorized("the front proxy certificate's name \""
                        + ClientCertificates.commonName(clientCertificate) + "\" is not allowed");
            }
            String user = first(headers, certificates.userHeaders());
            if (user != null) {
                return new StackAuthor(user, values(headers, certificates.groupHeaders()), extra(headers));
            }
        } else if (clientCertificate != null && certificates.isClient(clientCertificate)) {
            return new StackAuthor(ClientCertificates.commonName(clientCertificate),
                    withAuthenticated(ClientCertificates.organizations(clientCertificate)), Map.of());
        }
        String authorization = headers.all("Authorization").stream().findFirst().orElse("");
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token(authorization.substring(7).trim());
        }
        return ANONYMOUS;
    }

    private StackAuthor token(String token) {
        StackAuthor cached = tokens.get(token);
        if (cached != null) {
            return cached;
        }
        TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).endSpec().build());
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            throw unauthorized("the bearer token is not valid");
        }
        var user = review.getStatus().getUser();
        Map<String, List<String>> extra = user.getExtra() == null ? Map.of() : user.getExtra();
        StackAuthor author = new StackAuthor(user.getUsername(), user.getGroups(), extra);
        tokens.put(token, author, TOKEN_CACHE);
        return author;
    }

    private static List<String> withAuthenticated(List<String> groups) {
        List<String> out = new ArrayList<>(groups);
        if (!out.contains("system:authenticated")) {
            out.add("system:authenticated");
        }
        return out;
    }

    private static String first(Headers headers, List<String> names) {
        for (String name : names) {
            for (String value : headers.all(name)) {
                if (!value.isBlank()) {
                    return value;
                }
            }
        }
        return null;
    }

    private static List<String> values(Headers headers, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            headers.all(name).forEach(out::add);
        }
        return out;
    }

    private Map<String, List<String>> extra(Headers headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : headers.names()) {
            for (String prefix : certificates.extraPrefixes()) {
                if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    String key = URLDecoder.decode(name.substring(prefix.length()), StandardCharsets.UTF_8)
                            .toLowerCase(Locale.ROOT);
                    out.computeIfAbsent(key, k -> new ArrayList<>()).addAll(headers.all(name));
                }
            }
        }
        return out;
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "Unauthorized", message, null, List.of());
    }
}
