package dev.kstack.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kstack.api.Stack;
import dev.kstack.api.StackAuthor;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.testenv.Await;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Stacks for the controller's integration tests: a minimal stand-in for the stacks CRD (the kstack-server module
 * owns the real one with its webhooks), and stacks created as a given author, recorded in the annotation the
 * mutating webhook writes.
 */
final class StackFixture {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final StackAuthor ADMIN = new StackAuthor("kstack-test-admin", List.of("system:masters"), Map.of());
    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: stacks.compose.docker.com
            spec:
              group: compose.docker.com
              scope: Namespaced
              names: {plural: stacks, singular: stack, kind: Stack, listKind: StackList}
              versions:
              - name: v1alpha3
                served: true
                storage: true
                subresources: {status: {}}
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;

    private StackFixture() {
    }

    /** Installs the stand-in CRD unless a stacks CRD is there already. */
    static void installCrd(KubernetesClient admin) {
        var crds = admin.apiextensions().v1().customResourceDefinitions();
        if (crds.withName("stacks.compose.docker.com").get() == null) {
            CustomResourceDefinition crd = crds.load(new ByteArrayInputStream(CRD.getBytes(StandardCharsets.UTF_8)))
                    .item();
            crds.resource(crd).create();
        }
        Await.until(TIMEOUT, "stacks CRD established", () -> {
            CustomResourceDefinition c = crds.withName("stacks.compose.docker.com").get();
            return c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                    .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True"));
        });
    }

    /** Starts a controller (leader election on its own Lease, any free port) with a short resync. */
    static ControllerRuntime startController(KubernetesClient admin, String identity, Duration resync) {
        ControllerRuntime r = ControllerRuntime.start(admin, new ControllerRuntime.Settings(identity, "default",
                "kstack-it-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                ControllerOptions.defaults().withResync(resync)));
        Await.until(TIMEOUT, "controller " + identity + " leading with synced caches", r::leading);
        return r;
    }

    static StackSpec spec(String json) {
        try {
            return StackJson.read(json, StackSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Creates (or replaces the spec of) a stack, recording {@code author} as the webhook would. */
    @SuppressWarnings("unchecked")
    static void apply(KubernetesClient admin, String ns, String name, String specJson, Optional<StackAuthor> author) {
        Map<String, Object> spec = StackJson.lenient().convertValue(spec(specJson), Map.class);
        var stacks = admin.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns);
        GenericKubernetesResource live = stacks.withName(name).get();
        if (live == null) {
            GenericKubernetesResource r = new GenericKubernetesResource();
            r.setApiVersion(Stack.API_VERSION);
            r.setKind(Stack.KIND);
            ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(ns);
            author.ifPresent(a -> meta.addToAnnotations(StackAuthor.ANNOTATION, StackJson.write(a)));
            r.setMetadata(meta.build());
            r.setAdditionalProperty("spec", spec);
            stacks.resource(r).create();
        } else {
            stacks.withName(name).edit(r -> {
                r.setAdditionalProperty("spec", spec);
                return r;
            });
        }
    }

    static void apply(KubernetesClient admin, String ns, String name, String specJson) {
        apply(admin, ns, name, specJson, Optional.of(ADMIN));
    }

    static Stack get(KubernetesClient admin, String ns, String name) {
        GenericKubernetesResource r = admin.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns)
                .withName(name).get();
        return r == null ? null : StackResources.toStack(r);
    }

    static boolean phaseIs(KubernetesClient admin, String ns, String name, String phase) {
        Stack s = get(admin, ns, name);
        return s != null && s.status() != null && phase.equals(s.status().phase());
    }

    static void awaitPhase(KubernetesClient admin, String ns, String name, String phase) {
        Await.until(TIMEOUT, "stack " + ns + "/" + name + " " + phase, () -> phaseIs(admin, ns, name, phase));
    }

    static void delete(KubernetesClient admin, String ns, String name) {
        admin.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns).withName(name).delete();
    }

    static <T extends HasMetadata> T child(KubernetesClient admin, Class<T> kind, String ns, String name) {
        return admin.resources(kind).inNamespace(ns).withName(name).get();
    }

    /** The wordsmith example as the Docker CLI sends it (captured/hellokube.v1alpha3.json). */
    static final String WORDSMITH = """
            {"services":[
              {"name":"db","deploy":{"resources":{},"placement":{}},"image":"dockersamples/k8s-wordsmith-db"},
              {"name":"web","deploy":{"resources":{},"placement":{}},"image":"dockersamples/k8s-wordsmith-web",
               "ports":[{"mode":"ingress","target":80,"published":33000,"protocol":"tcp"}]},
              {"name":"words","deploy":{"replicas":5,"resources":{},"placement":{}},
               "image":"dockersamples/k8s-wordsmith-api"}]}
            """;
}
