package dev.kstack.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackStatus;
import dev.kstack.server.AdmissionRequest;
import dev.kstack.server.AdmissionResponse;
import dev.kstack.server.AuthorMutation;
import dev.kstack.server.StackAdmission;
import dev.kstack.server.StackVersions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The Stack resource's semantics over {@link EtcdStore}, independent of HTTP. Stored objects are v1alpha3 (the hub);
 * every read converts to the version asked for and every write converts from the version written, through the
 * CRD mode's {@link StackVersions}. Writes of the main resource are validated by CRD mode's {@link StackAdmission}
 * (strict fields, compose parsing, dry-run conversion, collision check) and record the caller as the stack's author.
 *
 * <p>Metadata as Kubernetes handles it: {@code uid} and {@code creationTimestamp} set on create and immutable,
 * {@code generation} 1 on create and incremented when the spec changes, {@code resourceVersion} the etcd revision,
 * {@code deletionTimestamp} set by a delete while finalizers remain (the object goes once the last finalizer is
 * removed). Updates of the main resource keep the stored status; updates of {@code status} change only the status.
 */
public final class StackRegistry {
    static final String LIST_KIND = "StackList";
    private static final int MAX_RETRIES = 10;

    private final EtcdStore store;
    private final StackAdmission admission;

    public StackRegistry(EtcdStore store, StackAdmission admission) {
        this.store = store;
        this.admission = admission;
    }

    public EtcdStore store() {
        return store;
    }

    /** A stored object with its revision, as v1alpha3 JSON. */
    record Current(ObjectNode hub, long revision) {
    }

    // ---------------------------------------------------------------------------------------------- reads

    public ObjectNode get(String namespace, String name, String version) {
        return view(current(namespace, name), version);
    }

    Current current(String namespace, String name) {
        EtcdStore.Entry entry = store.get(namespace, name).orElseThrow(() -> ApiException.notFound(name));
        return new Current(parse(entry), entry.modRevision());
    }

    /** A list ({@code StackList}) in {@code version}; {@code namespace} null for all namespaces. */
    public ObjectNode list(String namespace, String version, ListOptions options) {
        Predicate<ObjectNode> selected = options.matcher();
        long revision = 0;
        String after = null;
        if (!options.continueToken().isEmpty()) {
            ContinueToken token = ContinueToken.decode(options.continueToken());
            revision = token.revision();
            after = store.prefix() + "/" + (namespace == null ? "" : namespace + "/") + token.start();
            after = after.substring(0, after.length() - 1); // the token's start ends with \0: continue after the key
        }
        EtcdStore.Page page;
        try {
            page = store.list(namespace, after, options.limit(), revision);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.EXPIRED) {
                throw ApiException.expired("The provided continue parameter is too old to display a consistent list "
                        + "result. You can start a new list without the continue parameter.");
            }
            throw ApiException.of(e, null);
        }
        ObjectNode list = ObjectNodes.empty().put("kind", LIST_KIND).put("apiVersion", apiVersion(version));
        ObjectNode metadata = list.putObject("metadata").put("resourceVersion", Long.toString(page.revision()));
        if (page.lastKey() != null) {
            String rangePrefix = store.prefix() + "/" + (namespace == null ? "" : namespace + "/");
            metadata.put("continue", new ContinueToken(page.revision(),
                    page.lastKey().substring(rangePrefix.length()) + "\0").encode());
            if (options.unselective()) {
                metadata.put("remainingItemCount", page.remaining());
            }
        }
        ArrayNode items = list.putArray("items");
        for (EtcdStore.Entry entry : page.items()) {
            ObjectNode hub = parse(entry);
            if (selected.test(hub)) {
                items.add(view(new Current(hub, entry.modRevision()), version));
            }
        }
        return list;
    }

    // ---------------------------------------------------------------------------------------------- writes

    public ObjectNode create(String namespace, String version, JsonNode body, StackAuthor author, boolean dryRun) {
        ObjectNode object = requireStack(body, version);
        ObjectNode metadata = object.with("metadata");
        String name = metadata.path("name").asText("");
        if (name.isEmpty() && !metadata.path("generateName").asText("").isEmpty()) {
            name = metadata.path("generateName").asText() + UUID.randomUUID().toString().substring(0, 5);
        }
        if (name.isEmpty()) {
            throw ApiException.invalid("", List.of(new ApiException.Cause("FieldValueRequired", "metadata.name",
                    "name or generateName is required")));
        }
        checkNamespace(metadata, namespace, name);
        metadata.put("name", name).put("namespace", namespace);
        for (String field : List.of("uid", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds",
                "selfLink", "generation", "creationTimestamp")) {
            metadata.remove(field);
        }
        setAuthor(object, author);
        validate("CREATE", namespace, name, object, author);
        ObjectNode hub = toHub(object, name);
        ObjectNode hubMeta = hub.with("metadata");
        hubMeta.put("uid", UUID.randomUUID().toString())
                .put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("generation", 1);
        hub.set("status", StackJson.tree(StackStatus.pending()));
        if (dryRun) {
            return view(new Current(hub, 0), version);
        }
        try {
            long revision = store.create(namespace, name, hub.toString());
            return view(new Current(hub, revision), version);
        } catch (StoreException e) {
            throw ApiException.of(e, name);
        }
    }

    /** PUT of the main resource ({@code subresource} null) or of {@code status}. */
    public ObjectNode update(String namespace, String name, String version, String subresource, JsonNode body,
            StackAuthor author, boolean dryRun) {
        ObjectNode object = requireStack(body, version);
        String precondition = object.path("metadata").path("resourceVersion").asText("");
        String bodyName = object.path("metadata").path("name").asText(name);
        if (!bodyName.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        checkNamespace(object.with("metadata"), namespace, name);
        return write(namespace, name, version, subresource, precondition, author, dryRun, current -> object);
    }

    /** PATCH of the main resource or of {@code status}; {@code patchType} is the request's content type. */
    public ObjectNode patch(String namespace, String name, String version, String subresource, String patchType,
            JsonNode patch, StackAuthor author, boolean dryRun) {
        UnaryOperator<ObjectNode> apply = current -> {
            JsonNode patched = switch (patchType) {
                case "application/json-patch+json" -> Patches.json(current, patch);
                case "application/merge-patch+json", "application/strategic-merge-patch+json" ->
                        Patches.merge(current, patch);
                default -> throw new ApiException(415, "UnsupportedMediaType", "the patch type \"" + patchType
                        + "\" is not supported; use application/merge-patch+json or application/json-patch+json",
                        null, List.of());
            };
            return requireStack(patched, version);
        };
        String precondition = patch.path("metadata").path("resourceVersion").asText("");
        return write(namespace, name, version, subresource, precondition, author, dryRun, apply);
    }

    /**
     * The update loop: reads the stored object, lets {@code change} produce the new object (in {@code version}) from
     * the current one (in {@code version}), applies the metadata rules and writes it if the stored revision is still
     * the one read; retries when another writer came first, unless the caller named a resourceVersion.
     */
    ObjectNode write(String namespace, String name, String version, String subresource, String precondition,
            StackAuthor author, boolean dryRun, UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; ; attempt++) {
            Current current = current(namespace, name);
            if (!precondition.isEmpty() && !precondition.equals(Long.toString(current.revision()))) {
                throw ApiException.conflict(name, "the object has been modified; please apply your changes to the "
                        + "latest version and try again");
            }
            ObjectNode changed = change.apply(view(current, version));
            ObjectNode hub = merge(current, changed, subresource, author, namespace, name);
            try {
                return commit(namespace, name, version, current, hub, dryRun);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.CONFLICT || !precondition.isEmpty() || attempt >= MAX_RETRIES) {
                    throw ApiException.of(e, name);
                }
            }
        }
    }

    private ObjectNode merge(Current current, ObjectNode changed, String subresource, StackAuthor author,
            String namespace, String name) {
        ObjectNode old = current.hub();
        ObjectNode hub;
        if ("status".equals(subresource)) {
            hub = old.deepCopy();
            JsonNode status = toHub(changed, name).path("status");
            if (status.isMissingNode()) {
                hub.remove("status");
            } else {
                hub.set("status", status);
            }
            return hub;
        }
        setAuthor(changed, author);
        ObjectNode newMeta = changed.with("metadata");
        ObjectNode oldMeta = (ObjectNode) old.path("metadata");
        for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation", "name", "namespace")) {
            if (oldMeta.has(field)) {
                newMeta.set(field, oldMeta.get(field));
            } else {
                newMeta.remove(field);
            }
        }
        newMeta.remove("selfLink");
        if (changesSpec(old, changed, name)) {
            validate("UPDATE", namespace, name, changed, author);
        }
        hub = toHub(changed, name);
        JsonNode oldStatus = old.path("status");
        if (oldStatus.isMissingNode()) {
            hub.remove("status");
        } else {
            hub.set("status", oldStatus);
        }
        if (!hub.path("spec").equals(old.path("spec"))) {
            hub.with("metadata").put("generation", oldMeta.path("generation").asLong(1) + 1);
        }
        return hub;
    }

    private boolean changesSpec(ObjectNode old, ObjectNode changed, String name) {
        try {
            return !toHub(changed, name).path("spec").equals(old.path("spec"));
        } catch (ApiException e) {
            return true; // unreadable: let validation say why
        }
    }

    private ObjectNode commit(String namespace, String name, String version, Current current, ObjectNode hub,
            boolean dryRun) {
        ObjectNode meta = hub.with("metadata");
        meta.remove("resourceVersion");
        boolean finalized = meta.has("deletionTimestamp") && meta.path("finalizers").isEmpty();
        if (dryRun) {
            return view(new Current(hub, current.revision()), version);
        }
        if (finalized) {
            long revision = store.delete(namespace, name, current.revision());
            return view(new Current(hub, revision), version);
        }
        if (hub.equals(current.hub())) {
            return view(current, version);
        }
        long revision = store.update(namespace, name, hub.toString(), current.revision());
        return view(new Current(hub, revision), version);
    }

    /**
     * DELETE: with preconditions (uid, resourceVersion); while finalizers remain the object only gets a
     * deletionTimestamp. {@code propagationPolicy} Foreground or Orphan adds the matching finalizer for the garbage
     * collector, as Kubernetes does. Returns the object as deleted (or as marked).
     */
    public ObjectNode delete(String namespace, String name, String version, DeleteOptions options, boolean dryRun) {
        for (int attempt = 0; ; attempt++) {
            Current current = current(namespace, name);
            ObjectNode meta = (ObjectNode) current.hub().path("metadata");
            if (!options.uid().isEmpty() && !options.uid().equals(meta.path("uid").asText())) {
                throw ApiException.conflict(name, "Precondition failed: UID in precondition: " + options.uid()
                        + ", UID in object meta: " + meta.path("uid").asText());
            }
            if (!options.resourceVersion().isEmpty()
                    && !options.resourceVersion().equals(Long.toString(current.revision()))) {
                throw ApiException.conflict(name, "Precondition failed: ResourceVersion in precondition: "
                        + options.resourceVersion() + ", ResourceVersion in object meta: " + current.revision());
            }
            ObjectNode hub = current.hub().deepCopy();
            ObjectNode hubMeta = hub.with("metadata");
            String finalizer = switch (options.propagationPolicy()) {
                case "Foreground" -> "foregroundDeletion";
                case "Orphan" -> "orphan";
                default -> null;
            };
            List<String> finalizers = new ArrayList<>();
            hubMeta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
            if (finalizer != null && !finalizers.contains(finalizer) && !hubMeta.has("deletionTimestamp")) {
                finalizers.add(finalizer);
                ArrayNode list = hubMeta.putArray("finalizers");
                finalizers.forEach(list::add);
            }
            try {
                if (finalizers.isEmpty()) {
                    long revision = dryRun ? current.revision() : store.delete(namespace, name, current.revision());
                    return view(new Current(hub, revision), version);
                }
                if (!hubMeta.has("deletionTimestamp")) {
                    hubMeta.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                            .put("deletionGracePeriodSeconds", 0);
                }
                return commit(namespace, name, version, current, hub, dryRun);
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.CONFLICT || attempt >= MAX_RETRIES) {
                    throw ApiException.of(e, name);
                }
            }
        }
    }

    /** DELETE of a collection: deletes every selected object of the namespace; the list of what was deleted. */
    public ObjectNode deleteCollection(String namespace, String version, ListOptions options, DeleteOptions delete,
            boolean dryRun) {
        ObjectNode list = list(namespace, version, new ListOptions(options.labelSelector(), options.fieldSelector(),
                0, ""));
        ArrayNode deleted = ObjectNodes.empty().arrayNode();
        for (JsonNode item : list.path("items")) {
            JsonNode meta = item.path("metadata");
            try {
                deleted.add(delete(meta.path("namespace").asText(), meta.path("name").asText(), version,
                        new DeleteOptions("", "", delete.propagationPolicy()), dryRun));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        list.set("items", deleted);
        return list;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The stored object in {@code version}, with its resourceVersion. */
    ObjectNode view(Current current, String version) {
        ObjectNode hub = current.hub().deepCopy();
        if (current.revision() > 0) {
            hub.with("metadata").put("resourceVersion", Long.toString(current.revision()));
        }
        if (version.equals(Versions.V1ALPHA3)) {
            return hub;
        }
        try {
            return StackVersions.convert(hub, apiVersion(version));
        } catch (StackVersions.ConversionException e) {
            throw new IllegalStateException("a stored stack cannot be converted: " + e.getMessage(), e);
        }
    }

    ObjectNode toHub(ObjectNode object, String name) {
        try {
            return StackVersions.convert(object, Stack.API_VERSION);
        } catch (StackVersions.ConversionException e) {
            throw ApiException.invalid(name, List.of(new ApiException.Cause("FieldValueInvalid", "spec",
                    e.getMessage())));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(name, List.of(new ApiException.Cause("FieldValueInvalid", "spec",
                    e.getMessage())));
        }
    }

    private void validate(String operation, String namespace, String name, ObjectNode object, StackAuthor author) {
        AdmissionResponse response = admission.review(new AdmissionRequest("", operation, namespace, name, object,
                author));
        if (response instanceof AdmissionResponse.Refused refused) {
            List<ApiException.Cause> causes = new ArrayList<>();
            for (String problem : refused.message().split("; ")) {
                causes.add(cause(problem));
            }
            throw ApiException.invalid(name, causes);
        }
    }

    /** A problem message as a Status cause: {@code spec.x: message} names the field. */
    static ApiException.Cause cause(String problem) {
        int colon = problem.indexOf(": ");
        String head = colon > 0 ? problem.substring(0, colon) : "";
        if (head.matches("(spec|metadata)[^ ]*")) {
            return new ApiException.Cause("FieldValueInvalid", head, problem.substring(colon + 2));
        }
        return new ApiException.Cause("FieldValueInvalid", "spec", problem);
    }

    private static void setAuthor(ObjectNode object, StackAuthor author) {
        object.with("metadata").with("annotations").put(StackAuthor.ANNOTATION, AuthorMutation.authorJson(author));
    }

    private static void checkNamespace(ObjectNode metadata, String namespace, String name) {
        String given = metadata.path("namespace").asText("");
        if (!given.isEmpty() && !given.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object (" + given
                    + ") does not match the namespace sent on the request (" + namespace + ")");
        }
        if (!name.isEmpty() && !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw ApiException.invalid(name, List.of(new ApiException.Cause("FieldValueInvalid", "metadata.name",
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'")));
        }
    }

    private static ObjectNode requireStack(JsonNode body, String version) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        ObjectNode object = (ObjectNode) body.deepCopy();
        JsonNode metadata = object.path("metadata");
        for (String field : List.of("name", "generateName", "namespace")) {
            JsonNode value = metadata.path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                throw ApiException.invalid(value.asText(), List.of(new ApiException.Cause("FieldValueInvalid",
                        "metadata." + field, "must be a string (a lowercase RFC 1123 name), not the "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value)));
            }
        }
        String kind = object.path("kind").asText(Stack.KIND);
        String apiVersion = object.path("apiVersion").asText(apiVersion(version));
        if (!kind.equals(Stack.KIND)) {
            throw ApiException.badRequest("the object's kind is \"" + kind + "\", expected \"Stack\"");
        }
        if (!apiVersion.equals(apiVersion(version))) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + apiVersion(version) + ")");
        }
        if (object.has("metadata") && !object.get("metadata").isObject()) {
            throw ApiException.badRequest("metadata must be an object");
        }
        object.put("kind", Stack.KIND).put("apiVersion", apiVersion);
        return object;
    }

    static String apiVersion(String version) {
        return Stack.GROUP + "/" + version;
    }

    static ObjectNode parse(EtcdStore.Entry entry) {
        try {
            return (ObjectNode) StackJson.lenient().readTree(entry.json());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("unreadable object in etcd at " + entry.namespace() + "/" + entry.name(), e);
        }
    }

    /** The fields a field selector can use, of a stored object. */
    static Map<String, String> selectableFields(ObjectNode hub) {
        return Map.of("metadata.name", hub.path("metadata").path("name").asText(""),
                "metadata.namespace", hub.path("metadata").path("namespace").asText(""),
                "status.phase", hub.path("status").path("phase").asText(""));
    }

    /** List parameters. */
    public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken) {
        public ListOptions {
            labelSelector = Objects.requireNonNullElse(labelSelector, "");
            fieldSelector = Objects.requireNonNullElse(fieldSelector, "");
            continueToken = Objects.requireNonNullElse(continueToken, "");
            if (limit < 0) {
                throw ApiException.badRequest("limit must not be negative");
            }
        }

        boolean unselective() {
            return labelSelector.isBlank() && fieldSelector.isBlank();
        }

        Predicate<ObjectNode> matcher() {
            Predicate<Map<String, String>> labels = Selectors.labels(labelSelector);
            Predicate<Map<String, String>> fields = Selectors.fields(fieldSelector);
            return hub -> labels.test(ObjectNodes.strings(hub.path("metadata").path("labels")))
                    && fields.test(selectableFields(hub));
        }
    }

    /** Delete parameters: preconditions and propagation policy (each "" when not given). */
    public record DeleteOptions(String uid, String resourceVersion, String propagationPolicy) {
        public DeleteOptions {
            uid = Objects.requireNonNullElse(uid, "");
            resourceVersion = Objects.requireNonNullElse(resourceVersion, "");
            propagationPolicy = Objects.requireNonNullElse(propagationPolicy, "");
        }
    }

    /** The list continuation: the revision the first page was read at and the key to continue after. */
    record ContinueToken(long revision, String start) {
        String encode() {
            ObjectNode json = ObjectNodes.empty().put("v", "meta.k8s.io/v1").put("rv", revision).put("start", start);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString()
                    .getBytes(StandardCharsets.UTF_8));
        }

        static ContinueToken decode(String token) {
            try {
                JsonNode json = StackJson.lenient().readTree(Base64.getUrlDecoder().decode(token));
                String start = json.path("start").asText("");
                long revision = json.path("rv").asLong(0);
                if (revision <= 0 || !start.endsWith("\0")) {
                    throw ApiException.badRequest("invalid continue token");
                }
                return new ContinueToken(revision, start);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw ApiException.badRequest("invalid continue token");
            }
        }
    }
}
