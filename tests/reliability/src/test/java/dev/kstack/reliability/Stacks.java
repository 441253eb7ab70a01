package dev.kstack.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.controller.StackResources;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import dev.kstack.server.LocalStackApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Stacks for the reliability tests: the CRD-mode Stack API, writes as a given user, desired and live children. */
final class Stacks {
    static final String STACK_LABEL = "com.docker.stack.namespace";
    private static LocalStackApi api;

    private Stacks() {
    }

    /** The Stack API in CRD mode (CRD and webhooks served by this JVM), once per test JVM. */
    static synchronized LocalStackApi installCrdMode(KubernetesClient admin) {
        if (api == null) {
            api = LocalStackApi.start(admin);
            LocalStackApi started = api;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return api;
    }

    /**
     * Removes the CRD-mode Stack API (for a test class that serves the group through the aggregated API server
     * instead) and waits until kube-apiserver no longer serves the group.
     */
    static synchronized void uninstallCrdMode(KubernetesClient admin) {
        if (api != null) {
            api.close();
            api = null;
        }
        // What an earlier test JVM on the same cluster may have left behind.
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("kstack-server").delete();
        admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName("kstack-server").delete();
        admin.apiextensions().v1().customResourceDefinitions().withName("stacks." + Stack.GROUP).delete();
        dev.kstack.testenv.Await.until(java.time.Duration.ofMinutes(2), "CRD mode removed", () ->
                admin.apiextensions().v1().customResourceDefinitions().withName("stacks." + Stack.GROUP).get() == null
                && admin.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                        .withName("v1alpha3." + Stack.GROUP).get() == null);
    }

    static StackSpec spec(String json) {
        try {
            return StackJson.read(json, StackSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Two services: {@code a<i>} publishing port 80 and {@code b<i>} without ports; both use {@code image}. */
    static String twoServices(int i, String image, int replicas) {
        return """
                {"services":[
                  {"name":"a%1$d","image":"%2$s","deploy":{"replicas":%3$d},
                   "ports":[{"mode":"ingress","target":80,"protocol":"tcp"}]},
                  {"name":"b%1$d","image":"%2$s","deploy":{"replicas":1}}]}
                """.formatted(i, image, replicas);
    }

    /** Creates the stack, or replaces its spec (re-reading on 409 as kubectl edit would). */
    @SuppressWarnings("unchecked")
    static void apply(KubernetesClient client, String ns, String name, String specJson) {
        Map<String, Object> spec = StackJson.lenient().convertValue(spec(specJson), Map.class);
        var stacks = client.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns);
        for (int attempt = 1; ; attempt++) {
            try {
                GenericKubernetesResource live = stacks.withName(name).get();
                if (live == null) {
                    GenericKubernetesResource r = new GenericKubernetesResource();
                    r.setApiVersion(Stack.API_VERSION);
                    r.setKind(Stack.KIND);
                    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
                    r.setAdditionalProperty("spec", spec);
                    stacks.resource(r).create();
                } else {
                    live.setAdditionalProperty("spec", spec);
                    stacks.resource(live).update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    static Stack get(KubernetesClient client, String ns, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns)
                .withName(name).get();
        return r == null ? null : StackResources.toStack(r);
    }

    static List<Stack> list(KubernetesClient client, String ns) {
        return client.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns).list().getItems().stream()
                .map(StackResources::toStack).toList();
    }

    /** {@code Kind/name} of every object the converter wants for the stack. */
    static List<String> desired(Stack stack) {
        try {
            return StackConverter.convert(StackInput.of(stack.metadata().name(), stack.metadata().namespace(),
                    stack.spec())).objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        } catch (InvalidStackException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every child object in the namespace ({@code Kind/name}) and the uids of the Stacks that control it. */
    static Map<String, List<String>> live(KubernetesClient admin, String ns) {
        Map<String, List<String>> out = new TreeMap<>();
        Stream.<List<? extends HasMetadata>>of(
                admin.services().inNamespace(ns).withLabel(STACK_LABEL).list().getItems(),
                admin.apps().deployments().inNamespace(ns).withLabel(STACK_LABEL).list().getItems(),
                admin.apps().statefulSets().inNamespace(ns).withLabel(STACK_LABEL).list().getItems(),
                admin.apps().daemonSets().inNamespace(ns).withLabel(STACK_LABEL).list().getItems(),
                admin.network().v1().ingresses().inNamespace(ns).withLabel(STACK_LABEL).list().getItems(),
                admin.network().v1().networkPolicies().inNamespace(ns).withLabel(STACK_LABEL).list().getItems())
                .flatMap(List::stream).forEach(o -> {
                    List<String> owners = new ArrayList<>();
                    for (OwnerReference ref : o.getMetadata().getOwnerReferences()) {
                        if (Boolean.TRUE.equals(ref.getController()) && Stack.KIND.equals(ref.getKind())) {
                            owners.add(ref.getUid());
                        }
                    }
                    out.put(o.getKind() + "/" + o.getMetadata().getName(), owners);
                });
        return out;
    }
}
