package dev.kstack.controller;

import static dev.kstack.controller.StackFixture.TIMEOUT;
import static dev.kstack.controller.StackFixture.apply;
import static dev.kstack.controller.StackFixture.awaitPhase;
import static dev.kstack.controller.StackFixture.child;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackStatus;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scale, placement, deploy.labels, pull secrets, volumes, v1beta1 and foreground deletion, through the controller. */
class StackFeaturesIT extends WithController {
    @Test
    void scalingChangesTheReplicasAndTheCounts(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("scale");
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","deploy":{"replicas":1}}]}""");
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","deploy":{"replicas":3}}]}""");
        Await.until(TIMEOUT, "3 of 3 ready", () -> {
            StackStatus s = StackFixture.get(admin, ns, "app").status();
            return s.phase().equals(StackStatus.AVAILABLE) && s.services().get("api").ready() == 3
                    && s.services().get("api").desired() == 3;
        });
        assertThat(admin.pods().inNamespace(ns).withLabel("com.docker.service.name", "api").list().getItems())
                .hasSize(3);
    }

    @Test
    void aChangedSecretContentRollsThePodsThoughTheSpecIsUnchanged(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("digests");
        admin.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("db-password").endMetadata().addToStringData("db-password", "first").build()).create();
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","secrets":[{"source":"db-password"}]}],
                 "secrets":{"db-password":{"name":"db-password","file":"./db-password.txt"}}}""");
        setDigests(admin, ns, "app", "first-digest");
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
        Await.until(TIMEOUT, "a content hash on the pod template", () -> contentHash(admin, ns) != null);
        String before = contentHash(admin, ns);

        // What `kstack deploy` does when the secret's file changed: new data, new digest on the Stack; same spec.
        admin.secrets().inNamespace(ns).withName("db-password").edit(s -> {
            s.setStringData(Map.of("db-password", "second"));
            return s;
        });
        setDigests(admin, ns, "app", "second-digest");
        Await.until(TIMEOUT, "the pod template's content hash changes", () -> !before.equals(contentHash(admin, ns)));
        String after = contentHash(admin, ns);
        // kube-controller-manager rolls the pods: a ReplicaSet of the new template with a ready pod, none of the old.
        Await.until(TIMEOUT, "the pods rolled to the new content hash", () -> {
            var sets = admin.apps().replicaSets().inNamespace(ns).list().getItems();
            return sets.stream().anyMatch(rs -> after.equals(rs.getSpec().getTemplate().getMetadata().getAnnotations()
                    .get("kstack.dev/content-hash")) && rs.getStatus().getReadyReplicas() != null
                    && rs.getStatus().getReadyReplicas() == 1)
                    && sets.stream().filter(rs -> before.equals(rs.getSpec().getTemplate().getMetadata().getAnnotations()
                            .get("kstack.dev/content-hash"))).allMatch(rs -> rs.getSpec().getReplicas() == 0);
        });
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
    }

    private static void setDigests(KubernetesClient admin, String ns, String name, String digest) {
        String json = new dev.kstack.api.ContentDigests(Map.of("db-password", digest), Map.of()).toJson();
        Await.until(TIMEOUT, "digests recorded on the stack", () -> {
            try {
                admin.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns).withName(name).edit(r -> {
                    r.getMetadata().getAnnotations().put(dev.kstack.api.ContentDigests.ANNOTATION, json);
                    return r;
                });
                return true;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static String contentHash(KubernetesClient admin, String ns) {
        Deployment d = child(admin, Deployment.class, ns, "api");
        return d == null || d.getSpec().getTemplate().getMetadata().getAnnotations() == null ? null
                : d.getSpec().getTemplate().getMetadata().getAnnotations().get("kstack.dev/content-hash");
    }

    @Test
    void hostnamePlacementPutsThePodsOnThatNode(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("placement");
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","deploy":{"replicas":2,
                  "placement":{"constraints":{"Hostname":{"Value":"sim-node-2","Operator":"=="}}}}}]}""");
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
        assertThat(admin.pods().inNamespace(ns).list().getItems()).hasSize(2)
                .extracting(p -> p.getSpec().getNodeName()).containsOnly("sim-node-2");
    }

    @Test
    void deployLabelsArePropagatedAndUpdated(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("labels");
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","deploy":{"labels":{"tier":"front"}}}]}""");
        Await.until(TIMEOUT, "label tier=front", () -> child(admin, Deployment.class, ns, "api") != null
                && "front".equals(child(admin, Deployment.class, ns, "api").getMetadata().getLabels().get("tier")));
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","deploy":{"labels":{"tier":"back"}}}]}""");
        Await.until(TIMEOUT, "label tier=back", () ->
                "back".equals(child(admin, Deployment.class, ns, "api").getMetadata().getLabels().get("tier")));
    }

    @Test
    void pullSecretAndVolumesReachThePodTemplate(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("volumes");
        apply(admin, ns, "app", """
                {"services":[
                  {"name":"web","image":"private/web:1","pull_secret":"regcred",
                   "volumes":[{"type":"bind","source":"/srv/static","target":"/static","read_only":true},
                              {"type":"volume","target":"/cache"}]},
                  {"name":"db","image":"postgres:16",
                   "volumes":[{"type":"volume","source":"pgdata","target":"/var/lib/postgresql/data"}]}],
                 "volumes":{"pgdata":{}}}""");
        Await.until(TIMEOUT, "web Deployment and db StatefulSet", () -> child(admin, Deployment.class, ns, "web") != null
                && child(admin, StatefulSet.class, ns, "db") != null);
        var web = child(admin, Deployment.class, ns, "web").getSpec().getTemplate().getSpec();
        assertThat(web.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
        assertThat(web.getVolumes()).anySatisfy(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/srv/static"))
                .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(child(admin, StatefulSet.class, ns, "db").getSpec().getVolumeClaimTemplates())
                .extracting(c -> c.getMetadata().getName()).containsExactly("pgdata");
    }

    @Test
    void aV1beta1StackIsDeployedAndUpdatedFromItsComposeFile(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("v1beta1");
        var v1beta1 = admin.genericKubernetesResources("compose.docker.com/v1beta1", "Stack").inNamespace(ns);
        GenericKubernetesResource stack = new GenericKubernetesResource();
        stack.setApiVersion("compose.docker.com/v1beta1");
        stack.setKind("Stack");
        stack.setMetadata(new ObjectMetaBuilder().withName("legacy").withNamespace(ns).build());
        stack.setAdditionalProperty("spec", Map.of("composeFile",
                "version: '3.3'\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 1\n"));
        v1beta1.resource(stack).create();
        awaitPhase(admin, ns, "legacy", StackStatus.AVAILABLE);

        v1beta1.withName("legacy").edit(s -> {
            s.setAdditionalProperty("spec", Map.of("composeFile",
                    "version: '3.3'\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n"));
            return s;
        });
        Await.until(TIMEOUT, "web scaled to 2 and Available", () ->
                child(admin, Deployment.class, ns, "web").getSpec().getReplicas() == 2
                        && StackFixture.get(admin, ns, "legacy").status().services().get("web").ready() == 2);
    }

    @Test
    void aForegroundDeleteRemovesTheChildrenBeforeTheStack(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("foreground");
        apply(admin, ns, "app", """
                {"services":[{"name":"api","image":"api:1","deploy":{"replicas":2}}]}""");
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
        admin.genericKubernetesResources(StackResources.CONTEXT).inNamespace(ns).withName("app")
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        Await.until(TIMEOUT, "stack, Deployment, Service and pods gone", () ->
                StackFixture.get(admin, ns, "app") == null && child(admin, Deployment.class, ns, "api") == null
                        && admin.services().inNamespace(ns).list().getItems().isEmpty()
                        && admin.pods().inNamespace(ns).list().getItems().stream().allMatch(StackFeaturesIT::gone));
    }

    private static boolean gone(Pod p) {
        return p.getMetadata().getDeletionTimestamp() != null;
    }
}
