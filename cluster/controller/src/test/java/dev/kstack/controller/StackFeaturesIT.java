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
