package dev.kstack.apiserver;

import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * Asks kube-apiserver whether the caller may do what the request does (a SubjectAccessReview per distinct user,
 * verb, resource, subresource, namespace and name), caching allowed answers for {@value #ALLOWED_SECONDS} s and
 * denied ones for {@value #DENIED_SECONDS} s, so that a revoked right stops working within seconds.
 */
public final class Authorizer {
    static final int ALLOWED_SECONDS = 10;
    static final int DENIED_SECONDS = 5;

    private final KubernetesClient client;
    private final TtlCache<Attributes, Boolean> answers = new TtlCache<>(10_000);

    /** What a request does. {@code subresource}, {@code namespace} and {@code name} are "" when not applicable. */
    public record Attributes(StackAuthor user, String verb, String version, String subresource, String namespace,
            String name) {
    }

    public Authorizer(KubernetesClient client) {
        this.client = client;
    }

    public boolean allowed(Attributes a) {
        Boolean cached = answers.get(a);
        if (cached != null) {
            return cached;
        }
        SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
                new SubjectAccessReviewBuilder().withNewSpec()
                        .withUser(a.user().userName()).withGroups(a.user().groups()).withExtra(a.user().extra())
                        .withNewResourceAttributes()
                        .withGroup(Stack.GROUP).withVersion(a.version()).withResource("stacks")
                        .withSubresource(a.subresource()).withNamespace(a.namespace()).withName(a.name())
                        .withVerb(a.verb())
                        .endResourceAttributes().endSpec().build());
        boolean allowed = review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
        answers.put(a, allowed, Duration.ofSeconds(allowed ? ALLOWED_SECONDS : DENIED_SECONDS));
        return allowed;
    }

    /** The Status of a refusal, worded as kube-apiserver words it. */
    static ApiException forbidden(Attributes a) {
        String resource = a.subresource().isEmpty() ? "stacks" : "stacks/" + a.subresource();
        String where = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
        return new ApiException(403, "Forbidden", "stacks." + Stack.GROUP + (a.name().isEmpty() ? "" : " \""
                + a.name() + "\"") + " is forbidden: User \"" + a.user().userName() + "\" cannot " + a.verb()
                + " resource \"" + resource + "\" in API group \"" + Stack.GROUP + "\" " + where,
                a.name().isEmpty() ? null : a.name(), List.of());
    }
}
