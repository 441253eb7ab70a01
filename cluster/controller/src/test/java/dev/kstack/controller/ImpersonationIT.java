package dev.kstack.controller;

import static dev.kstack.controller.StackFixture.WORDSMITH;
import static dev.kstack.controller.StackFixture.apply;
import static dev.kstack.controller.StackFixture.awaitPhase;
import static dev.kstack.testenv.ClusterUsers.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackStatus;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.TestUser;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** Children are written as the stack's author: what the author may not do, the stack may not do either. */
class ImpersonationIT extends WithController {
    private static final String[] WRITE = {"get", "list", "watch", "create", "update", "patch", "delete"};
    private static final PolicyRule STACKS = rule("compose.docker.com", "stacks", WRITE);

    /** Creates the stack as {@code user}: the mutating webhook records them as its author. */
    private static void applyAs(TestUser user, String ns, String specJson) {
        try (KubernetesClient client = user.client()) {
            apply(client, ns, "app", specJson);
        }
    }

    @Test
    void anAuthorAllowedToCreateTheChildrenGetsARunningStack(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("allowed");
        TestUser alice = users.certificateUser("alice-" + ns, "developers");
        users.grant(alice, ns, STACKS, rule("apps", "deployments", WRITE), rule("", "services", WRITE));

        applyAs(alice, ns, WORDSMITH);
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).hasSize(3);
    }

    @Test
    void anAuthorDeniedDeploymentsGetsAFailureNamingTheDenialAndNoDeployment(KubernetesClient admin,
            ClusterUsers users) {
        String ns = users.createNamespace("denied");
        TestUser bob = users.certificateUser("bob-" + ns, "developers");
        PolicyRule servicesOnly = rule("", "services", WRITE);
        users.grant(bob, ns, STACKS, servicesOnly);

        applyAs(bob, ns, WORDSMITH);
        awaitPhase(admin, ns, "app", StackStatus.FAILURE);
        String message = StackFixture.get(admin, ns, "app").status().message();
        assertThat(message).startsWith("denied: ").contains("deployments").contains("bob-" + ns);
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems())
                .as("nothing is created with the controller's rights").isEmpty();

        // Once the author is given the right, the stack recovers (retried with backoff).
        users.grant(bob, ns, STACKS, servicesOnly, rule("apps", "deployments", WRITE));
        awaitPhase(admin, ns, "app", StackStatus.AVAILABLE);
    }

    @Test
    void anAuthorWithNoRightsGetsNothingCreated(KubernetesClient admin, ClusterUsers users) {
        String ns = users.createNamespace("nobody");
        TestUser carol = users.certificateUser("carol-" + ns);
        users.grant(carol, ns, STACKS);

        applyAs(carol, ns, WORDSMITH);
        awaitPhase(admin, ns, "app", StackStatus.FAILURE);
        assertThat(StackFixture.get(admin, ns, "app").status().message()).contains("carol-" + ns);
        assertThat(admin.services().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    }
}
