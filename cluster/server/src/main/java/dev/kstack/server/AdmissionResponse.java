package dev.kstack.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The answer of an admission webhook: allowed (optionally with a JSON patch and warnings) or refused with a message.
 * {@link #toReview(String)} wraps it in an {@code admission.k8s.io/v1} AdmissionReview.
 */
public sealed interface AdmissionResponse {
    record Allowed(ArrayNode jsonPatch, List<String> warnings) implements AdmissionResponse {
        public Allowed {
            warnings = List.copyOf(warnings);
        }
    }

    /** Refused with an HTTP {@code code}: 422 (Invalid) for a Stack that is wrong, 400 for a request that is. */
    record Refused(String message, int code) implements AdmissionResponse {
        public Refused(String message) {
            this(message, 422);
        }
    }

    static AdmissionResponse allow() {
        return new Allowed(null, List.of());
    }

    default ObjectNode toReview(String uid) {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response").put("uid", uid);
        if (this instanceof Allowed a) {
            response.put("allowed", true);
            if (a.jsonPatch() != null && !a.jsonPatch().isEmpty()) {
                response.put("patchType", "JSONPatch");
                response.put("patch", Base64.getEncoder().encodeToString(
                        a.jsonPatch().toString().getBytes(StandardCharsets.UTF_8)));
            }
            if (!a.warnings().isEmpty()) {
                ArrayNode warnings = response.putArray("warnings");
                a.warnings().forEach(warnings::add);
            }
        } else if (this instanceof Refused r) {
            response.put("allowed", false);
            ObjectNode status = response.putObject("status").put("code", r.code())
                    .put("reason", r.code() == 422 ? "Invalid" : "BadRequest").put("message", r.message());
            if (r.code() != 422) {
                return review;
            }
            // kube-apiserver passes the webhook's Status on, so clients get one cause per problem as for a 422 of
            // its own: {"field": "spec.services[0].image", "message": "..."}.
            ArrayNode causes = status.putObject("details").putArray("causes");
            for (String problem : r.message().split("; ")) {
                int colon = problem.indexOf(": ");
                String head = colon > 0 ? problem.substring(0, colon) : "";
                boolean named = head.matches("(spec|metadata)[^ ]*");
                causes.addObject().put("reason", "FieldValueInvalid").put("field", named ? head : "spec")
                        .put("message", named ? problem.substring(colon + 2) : problem);
            }
        }
        return review;
    }
}
