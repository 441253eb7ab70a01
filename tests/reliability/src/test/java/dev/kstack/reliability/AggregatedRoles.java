package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.api.Stack;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.TestUser;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * The stack rules aggregated into the built-in roles, checked the same way in both modes: a user bound to
 * {@code edit} in a namespace creates and deletes stacks there, one bound to {@code view} lists them and gets 403
 * on create and delete.
 */
final class AggregatedRoles {
    private AggregatedRoles() {
    }

    static void check(KubernetesClient admin, ClusterUsers users, String ns) {
        TestUser viewer = users.certificateUser("viewer-" + ns);
        TestUser editor = users.certificateUser("editor-" + ns);
        for (String[] binding : new String[][] {{viewer.name(), "view"}, {editor.name(), "edit"}}) {
            admin.rbac().roleBindings().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.rbac
                    .RoleBindingBuilder().withNewMetadata().withName(binding[1]).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", binding[1])
                    .addNewSubject().withKind("User").withName(binding[0]).withApiGroup("rbac.authorization.k8s.io")
                    .endSubject().build()).create();
        }
        // The aggregation controller folds kstack's roles into view and edit.
        Await.until(Duration.ofMinutes(1), "view and edit aggregate the stack rules", () ->
                admin.rbac().clusterRoles().withName("view").get().getRules().stream()
                        .anyMatch(r -> r.getApiGroups().contains(Stack.GROUP))
                && admin.rbac().clusterRoles().withName("edit").get().getRules().stream()
                        .anyMatch(r -> r.getApiGroups().contains(Stack.GROUP) && r.getVerbs().contains("create")));
        try (KubernetesClient client = editor.client()) {
            Stacks.apply(client, ns, "app", Stacks.twoServices(1, "registry.local/app:1", 1));
            assertThat(Stacks.get(client, ns, "app")).isNotNull();
        }
        try (KubernetesClient client = viewer.client()) {
            assertThat(Stacks.list(client, ns)).hasSize(1);
            assertThatThrownBy(() -> Stacks.apply(client, ns, "other", Stacks.twoServices(2, "x:1", 1)))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
            assertThatThrownBy(() -> client.genericKubernetesResources(dev.kstack.controller.StackResources.CONTEXT)
                    .inNamespace(ns).withName("app").delete())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        try (KubernetesClient client = editor.client()) {
            client.genericKubernetesResources(dev.kstack.controller.StackResources.CONTEXT).inNamespace(ns)
                    .withName("app").delete();
        }
    }
}
