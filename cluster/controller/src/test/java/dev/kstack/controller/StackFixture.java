package dev.kstack.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.server.LocalStackApi;
import dev.kstack.testenv.Await;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Stacks for the controller's integration tests: the real Stack API, stacks created as a given user, a controller
 * on a Lease of its own, and the wordsmith example.
 */
final class StackFixture {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static LocalStackApi api;

    private StackFixture() {
    }

    /**
     * The real Stack API in CRD mode (kstack-server's CRD and webhooks, served in this JVM), once per test JVM. Its
     * mutating webhook records the caller as the stack's author.
     */
    static synchronized void installStackApi(KubernetesClient admin) {
        if (api == null) {
            api = LocalStackApi.start(admin);
            LocalStackApi started = api;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
    }

    /** Starts a controller (leader election on its own Lease, any free port) with a short resync. */
    static ControllerRuntime startController(KubernetesClient admin, String identity, Duration resync) {
        ControllerRuntime r = ControllerRuntime.start(admin, new ControllerRuntime.Settings(identity, "default",
                "kstack-it-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                ControllerOptions.defaults().withResync(resync)));
        Await.until(TIMEOUT, "controller " + identity + " leading with synced caches", r::leading);
        return r;
    }

    /** Deletes the namespaces the tests of this JVM created (their stacks and children go with them). */
    static void deleteTestNamespaces(KubernetesClient admin) {
        admin.namespaces().withLabel("kstack.dev/test", "true").delete();
    }

    static StackSpec spec(String json) {
        try {
            return StackJson.read(json, StackSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Creates (or replaces the spec of) a stack as the user of {@code client}, who becomes its author. */
    @SuppressWarnings("unchecked")
    static void apply(KubernetesClient client, String ns, String name, String specJson) {
        Map<String, Object> spec = StackJson.lenient().convertValue(spec(specJson), Map.class);
        var stacks = client.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns);
        GenericKubernetesResource live = stacks.withName(name).get();
        if (live == null) {
            GenericKubernetesResource r = new GenericKubernetesResource();
            r.setApiVersion(Stack.API_VERSION);
            r.setKind(Stack.KIND);
            ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(ns);
            r.setMetadata(meta.build());
            r.setAdditionalProperty("spec", spec);
            stacks.resource(r).create();
        } else {
            for (int attempt = 1; ; attempt++) {
                try {
                    stacks.withName(name).edit(r -> {
                        r.setAdditionalProperty("spec", spec);
                        return r;
                    });
                    return;
                } catch (KubernetesClientException e) {
                    // The controller wrote the status meanwhile: read again and retry, as kubectl edit would.
                    if (e.getCode() != 409 || attempt == 10) {
                        throw e;
                    }
                }
            }
        }
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
