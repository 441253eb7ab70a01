package dev.kstack.testenv;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A user of the local cluster, as kube-apiserver authenticates it.
 *
 * @param name the user name Kubernetes sees (for a service account: {@code system:serviceaccount:NS:NAME})
 * @param groups the groups it belongs to (client-certificate users) or is given by the authenticator
 * @param kubeconfig a kubeconfig that authenticates as this user
 */
public record TestUser(String name, List<String> groups, Path kubeconfig) {
    public TestUser {
        groups = List.copyOf(groups);
    }

    public Config config() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new client acting as this user; the caller closes it. */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }
}
