package dev.kstack.controller;

import static dev.kstack.controller.StackFixture.TIMEOUT;
import static dev.kstack.controller.StackFixture.WORDSMITH;
import static dev.kstack.controller.StackFixture.apply;
import static dev.kstack.controller.StackFixture.awaitPhase;
import static dev.kstack.controller.StackFixture.child;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.ServiceStatus;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** Deploy, update, orphan removal, Deployment → StatefulSet, ports and removal of a stack, end to end. */
class StackLifecycleIT extends WithController {

    @Test
    void deployedStackBecomesAvailableWithCountsAndOwnedChildren(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("deploy");
        apply(admin, ns, "hellokube", WORDSMITH);

        awaitPhase(admin, ns, "hellokube", StackStatus.AVAILABLE);
        Stack stack = StackFixture.get(admin, ns, "hellokube");
        StackStatus status = stack.status();
        assertThat(status.message()).isEqualTo("Stack is started");
        assertThat(status.serviceCount()).isEqualTo(3);
        assertThat(status.ports()).isEqualTo("web: 33000");
        assertThat(status.summary()).isEqualTo("Available (Stack is started)");
        assertThat(status.observedGeneration()).isEqualTo(stack.metadata().generation());
        assertThat(status.services()).containsEntry("words", new ServiceStatus("Deployment", 5, 5, 0, 0, ""))
                .containsEntry("db", new ServiceStatus("Deployment", 1, 1, 0, 0, ""));

        for (String name : new String[] {"db", "web", "words"}) {
            Deployment d = child(admin, Deployment.class, ns, name);
            assertThat(d.getMetadata().getLabels()).containsEntry("com.docker.stack.namespace", "hellokube")
                    .containsEntry("com.docker.service.name", name);
            assertOwnedBy(d.getMetadata().getOwnerReferences().get(0), stack);
            assertThat(d.getMetadata().getManagedFields()).anySatisfy(m -> {
                assertThat(m.getManager()).isEqualTo("kstack");
                assertThat(m.getOperation()).isEqualTo("Apply");
            });
            Service internal = child(admin, Service.class, ns, name);
            assertOwnedBy(internal.getMetadata().getOwnerReferences().get(0), stack);
        }
        Service published = child(admin, Service.class, ns, "web-published");
        assertThat(published.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(published.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(33000));
    }

    @Test
    void updateChangesReplicasImageAndPortsAndRemovesDroppedServices(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("update");
        apply(admin, ns, "app", WORDSMITH);
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);

        // words 5 -> 2 with a new image, web's published port 33000 -> 34000, db dropped.
        apply(admin, ns, "app", """
                {"services":[
                  {"name":"web","image":"dockersamples/k8s-wordsmith-web",
                   "ports":[{"mode":"ingress","target":80,"published":34000,"protocol":"tcp"}]},
                  {"name":"words","deploy":{"replicas":2},"image":"dockersamples/k8s-wordsmith-api:v2"}]}
                """);
        Await.until(TIMEOUT, "db's Deployment and Service removed", () ->
                child(admin, Deployment.class, ns, "db") == null && child(admin, Service.class, ns, "db") == null);
        Deployment words = child(admin, Deployment.class, ns, "words");
        assertThat(words.getSpec().getReplicas()).isEqualTo(2);
        assertThat(words.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("dockersamples/k8s-wordsmith-api:v2");
        assertThat(child(admin, Service.class, ns, "web-published").getSpec().getPorts().get(0).getPort())
                .isEqualTo(34000);
        Await.until(TIMEOUT, "updated stack Available with 2 services and 2 words", () -> {
            StackStatus s = StackFixture.get(admin, ns, "app").status();
            return s != null && s.phase().equals(StackStatus.AVAILABLE) && s.serviceCount() == 2
                    && s.ports().equals("web: 34000") && s.services().get("words").ready() == 2
                    && !s.services().containsKey("db");
        });

        // Published port removed: the LoadBalancer Service goes; a random port appears as a NodePort Service.
        apply(admin, ns, "app", """
                {"services":[
                  {"name":"web","image":"dockersamples/k8s-wordsmith-web",
                   "ports":[{"mode":"ingress","target":80,"protocol":"tcp"}]},
                  {"name":"words","deploy":{"replicas":2},"image":"dockersamples/k8s-wordsmith-api:v2"}]}
                """);
        Await.until(TIMEOUT, "web-published replaced by web-random-ports", () ->
                child(admin, Service.class, ns, "web-published") == null
                        && child(admin, Service.class, ns, "web-random-ports") != null);
        assertThat(child(admin, Service.class, ns, "web-random-ports").getSpec().getType()).isEqualTo("NodePort");
    }

    @Test
    void aNamedVolumeTurnsTheDeploymentIntoAStatefulSet(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("sts");
        apply(admin, ns, "data", """
                {"services":[{"name":"db","image":"postgres:16"}]}
                """);
        Await.until(TIMEOUT, "Deployment db", () -> child(admin, Deployment.class, ns, "db") != null);

        apply(admin, ns, "data", """
                {"services":[{"name":"db","image":"postgres:16",
                  "volumes":[{"type":"volume","source":"pgdata","target":"/var/lib/postgresql/data"}]}],
                 "volumes":{"pgdata":{}}}
                """);
        Await.until(TIMEOUT, "StatefulSet db replaces Deployment db", () ->
                child(admin, StatefulSet.class, ns, "db") != null && child(admin, Deployment.class, ns, "db") == null);
        assertOwnedBy(child(admin, StatefulSet.class, ns, "db").getMetadata().getOwnerReferences().get(0),
                StackFixture.get(admin, ns, "data"));
    }

    @Test
    void removingTheStackGarbageCollectsItsChildren(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("remove");
        apply(admin, ns, "gone", WORDSMITH);
        Await.until(TIMEOUT, "children created", () -> child(admin, Deployment.class, ns, "words") != null
                && child(admin, Service.class, ns, "web-published") != null);

        StackFixture.delete(admin, ns, "gone");
        Await.until(TIMEOUT, "Deployments and Services garbage-collected", () ->
                admin.apps().deployments().inNamespace(ns).list().getItems().isEmpty()
                        && admin.services().inNamespace(ns).list().getItems().isEmpty());
    }

    static void assertOwnedBy(OwnerReference ref, Stack stack) {
        assertThat(ref.getApiVersion()).isEqualTo("compose.docker.com/v1alpha3");
        assertThat(ref.getKind()).isEqualTo("Stack");
        assertThat(ref.getName()).isEqualTo(stack.metadata().name());
        assertThat(ref.getUid()).isEqualTo(stack.metadata().uid());
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
    }
}
