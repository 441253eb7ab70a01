package dev.kstack.server;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One {@link LocalStackApi} per test JVM, shared by the integration test classes (the CRD is cluster-wide). */
final class SharedStackApi {
    private static LocalStackApi api;

    private SharedStackApi() {
    }

    static synchronized LocalStackApi get(KubernetesClient admin) {
        if (api == null) {
            api = LocalStackApi.start(admin);
            LocalStackApi started = api;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return api;
    }

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            stacks(KubernetesClient client, String version) {
        return client.genericKubernetesResources("compose.docker.com/" + version, "Stack");
    }

    static String resource(String name) {
        try (InputStream in = SharedStackApi.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
