package dev.kstack.cli;

import dev.kstack.api.Stack;
import dev.kstack.apiserver.ApiServiceManifests;
import dev.kstack.apiserver.InClusterManifests;
import dev.kstack.server.InstallManifests;
import dev.kstack.server.InstallOptions;
import dev.kstack.server.ServingCa;
import dev.kstack.server.StackCrd;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The in-cluster install (CRD mode): what it renders, and the checks shared with the run-local install. */
final class Installer {
    private Installer() {
    }

    /**
     * Everything an in-cluster install applies, in order: the server's objects, the CRD and webhook
     * configurations (from the server module), then the controller's objects.
     */
    static List<HasMetadata> inCluster(String namespace, String image, int replicas, ServingCa ca) {
        List<HasMetadata> out = new ArrayList<>(InstallManifests.renderInCluster(
                InstallOptions.inCluster(namespace, image, replicas), ca));
        out.addAll(ControllerManifests.render(namespace, image, replicas));
        out.forEach(o -> markInstalled(o, "in-cluster"));
        return out;
    }

    /**
     * The object as this cluster can take it: a {@code policy/v1} PodDisruptionBudget becomes {@code policy/v1beta1}
     * (same spec) on clusters older than 1.21, which do not serve policy/v1; anything else unchanged.
     */
    static HasMetadata forCluster(KubernetesClient client, HasMetadata object) {
        if (!(object instanceof io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget pdb)
                || client.supports("policy/v1", "PodDisruptionBudget")) {
            return object;
        }
        return new io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder()
                .withMetadata(pdb.getMetadata()).withNewSpec().withMaxUnavailable(pdb.getSpec().getMaxUnavailable())
                .withMinAvailable(pdb.getSpec().getMinAvailable()).withSelector(pdb.getSpec().getSelector()).endSpec()
                .build();
    }

    /** The CA of an earlier install (so a reinstall keeps it), or a new one. */
    static ServingCa certificates(KubernetesClient client, String namespace) {
        return certificates(client, namespace, InstallManifests.NAME + "-tls");
    }

    /**
     * The CA in that Secret of an earlier install, or a new one (also when the Secret is of an earlier kstack that
     * kept a serving certificate there instead of the CA's key: the new CA replaces it, and the server's restart with
     * its new arguments serves a certificate of the new CA).
     */
    static ServingCa certificates(KubernetesClient client, String namespace, String secret) {
        Secret existing = client == null ? null : client.secrets().inNamespace(namespace).withName(secret).get();
        if (existing != null && existing.getData() != null && existing.getData().containsKey(ServingCa.CERTIFICATE_KEY)
                && existing.getData().containsKey(ServingCa.KEY_KEY)) {
            return new ServingCa(decode(existing, ServingCa.CERTIFICATE_KEY), decode(existing, ServingCa.KEY_KEY));
        }
        return ServingCa.generate();
    }

    /**
     * Everything an in-cluster install in apiserver mode applies: the API server with its registration and its etcd
     * (the apiserver module's {@link InClusterManifests}), then the controller's objects.
     */
    static List<HasMetadata> inClusterApiServer(InClusterManifests.Options options, ServingCa ca) {
        List<HasMetadata> out = new ArrayList<>(InClusterManifests.render(options, ca));
        out.addAll(ControllerManifests.render(options.namespace(), options.image(), options.replicas()));
        out.forEach(o -> markInstalled(o, "in-cluster, apiserver"));
        return out;
    }

    static ServingCa apiServerCertificates(KubernetesClient client, String namespace) {
        return certificates(client, namespace, InClusterManifests.TLS_SECRET);
    }

    private static String decode(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    /** Records which kstack installed the object, and how (shown by {@code kstack version}). */
    static void markInstalled(HasMetadata object, String mode) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(object.getMetadata().getAnnotations());
        annotations.put(VersionCommand.INSTALLED_BY, "kstack " + VersionCommand.clientVersion() + ", " + mode);
        object.getMetadata().setAnnotations(annotations);
    }

    /** The CRD is established and every version of the API answers a list. */
    static boolean stackApiServed(KubernetesClient client) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName(StackCrd.NAME).get();
        boolean established = crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!established) {
            return false;
        }
        for (String version : StackCrd.VERSIONS) {
            try {
                client.raw("/apis/" + Stack.GROUP + "/" + version + "/" + StackCrd.PLURAL + "?limit=1");
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return true;
    }

    /** Deployments of the install that are not yet available, by name. */
    static List<String> unavailable(KubernetesClient client, String namespace) {
        return unavailable(client, namespace, List.of(InstallManifests.NAME, ControllerManifests.NAME));
    }

    /**
     * Those of the named Deployments whose latest spec is not yet rolled out, each with why ({@code name (1 of 2
     * updated)}): an install over an earlier one is ready only when every pod runs what it applied.
     */
    static List<String> unavailable(KubernetesClient client, String namespace, List<String> deployments) {
        List<String> out = new ArrayList<>();
        for (String name : deployments) {
            String pending = rolloutPending(client.apps().deployments().inNamespace(namespace).withName(name).get());
            if (!pending.isEmpty()) {
                out.add(name + " (" + pending + ")");
            }
        }
        return out;
    }

    /** "" when the Deployment's current generation is rolled out and all its replicas are available, else why not. */
    static String rolloutPending(Deployment d) {
        if (d == null) {
            return "not found";
        }
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        if (status.getObservedGeneration() == null || status.getObservedGeneration() < generation) {
            return "its new spec is not yet seen by the Deployment controller";
        }
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int updated = orZero(status.getUpdatedReplicas());
        if (updated < wanted) {
            return updated + " of " + wanted + " updated";
        }
        int old = orZero(status.getReplicas()) - updated;
        if (old > 0) {
            return old + " old " + (old == 1 ? "replica" : "replicas") + " still running";
        }
        int available = orZero(status.getAvailableReplicas());
        return available < wanted ? available + " of " + wanted + " available" : "";
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
