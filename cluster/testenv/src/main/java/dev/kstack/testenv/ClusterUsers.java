package dev.kstack.testenv;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Namespaces and users with chosen RBAC rights, for tests that check what a user may and may not do.
 * Certificate users can have any name and groups (signed by the cluster CA); token users are service accounts
 * of the namespace {@value #USERS_NAMESPACE} authenticating with their token.
 */
public final class ClusterUsers {
    public static final String USERS_NAMESPACE = "kstack-test-users";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalCluster cluster;
    private final KubernetesClient admin;

    public ClusterUsers(LocalCluster cluster, KubernetesClient admin) {
        this.cluster = cluster;
        this.admin = admin;
    }

    /** Creates a namespace named {@code prefix-xxxxx} (random suffix) and returns its name. */
    public String createNamespace(String prefix) {
        String name = prefix + "-" + randomSuffix();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("kstack.dev/test", "true").endMetadata().build()).create();
        return name;
    }

    /** A user authenticated by a client certificate with CN={@code name} and O={@code groups}. */
    public TestUser certificateUser(String name, String... groups) {
        ClusterPki pki = cluster.pki();
        Path dir = cluster.dir().resolve("users");
        String base = fileName(name);
        Pki.newClientCert(pki.loadCa(), name, List.of(groups), ClusterPki.VALIDITY).write(ensure(dir), base);
        Path kubeconfig = dir.resolve(base + ".kubeconfig");
        Kubeconfigs.writeCertificateUser(kubeconfig, "kstack-local", cluster.apiServerUrl(), pki.crt("ca"),
                dir.resolve(base + ".crt"), dir.resolve(base + ".key"), name);
        return new TestUser(name, List.of(groups), kubeconfig);
    }

    /** A user authenticated by a bearer token: the service account {@code name} of {@value #USERS_NAMESPACE}. */
    public TestUser tokenUser(String name) {
        if (admin.namespaces().withName(USERS_NAMESPACE).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(USERS_NAMESPACE).endMetadata()
                    .build()).create();
        }
        if (admin.serviceAccounts().inNamespace(USERS_NAMESPACE).withName(name).get() == null) {
            admin.serviceAccounts().inNamespace(USERS_NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(name).endMetadata().build()).create();
        }
        String token = waitForToken(name);
        Path kubeconfig = ensure(cluster.dir().resolve("users")).resolve(fileName("sa-" + name) + ".kubeconfig");
        String user = "system:serviceaccount:" + USERS_NAMESPACE + ":" + name;
        Kubeconfigs.writeTokenUser(kubeconfig, "kstack-local", cluster.apiServerUrl(), cluster.pki().crt("ca"), token, user);
        return new TestUser(user, List.of("system:serviceaccounts", "system:serviceaccounts:" + USERS_NAMESPACE,
                "system:authenticated"), kubeconfig);
    }

    /** Gives {@code user} the {@code rules} in {@code namespace} (a Role and a RoleBinding named after the user). */
    public void grant(TestUser user, String namespace, PolicyRule... rules) {
        String name = "kstack-test-" + fileName(user.name());
        admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(name)
                .endMetadata().withRules(rules).build()).createOr(r -> r.update());
        admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .withSubjects(subject(user)).build()).createOr(r -> r.update());
    }

    /** Gives {@code user} the {@code rules} in every namespace (a ClusterRole and a ClusterRoleBinding). */
    public void grantClusterWide(TestUser user, PolicyRule... rules) {
        String name = "kstack-test-" + fileName(user.name());
        admin.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
                .withRules(rules).build()).createOr(r -> r.update());
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name)
                .withSubjects(subject(user)).build()).createOr(r -> r.update());
    }

    /** A policy rule: {@code rule("apps", "deployments", "get", "list")}; {@code ""} is the core group. */
    public static PolicyRule rule(String apiGroup, String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resource).withVerbs(verbs).build();
    }

    private static Subject subject(TestUser user) {
        String prefix = "system:serviceaccount:";
        if (user.name().startsWith(prefix)) {
            String[] parts = user.name().substring(prefix.length()).split(":", 2);
            return new SubjectBuilder().withKind("ServiceAccount").withNamespace(parts[0]).withName(parts[1]).build();
        }
        return new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(user.name()).build();
    }

    private String waitForToken(String serviceAccount) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (Secret s : admin.secrets().inNamespace(USERS_NAMESPACE).list().getItems()) {
                if ("kubernetes.io/service-account-token".equals(s.getType()) && s.getMetadata().getAnnotations() != null
                        && serviceAccount.equals(s.getMetadata().getAnnotations().get("kubernetes.io/service-account.name"))
                        && s.getData() != null && s.getData().get("token") != null) {
                    return new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8);
                }
            }
            LocalCluster.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no token was issued for service account " + serviceAccount);
    }

    private static Path ensure(Path dir) {
        try {
            return java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fileName(String user) {
        return user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
