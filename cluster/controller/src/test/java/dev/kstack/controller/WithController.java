package dev.kstack.controller;

import dev.kstack.testenv.LocalClusterExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration test classes that share one controller: the real Stack API and a controller on its own
 * Lease, started before the first test and stopped after the last, when the class's namespaces are deleted.
 */
@ExtendWith(LocalClusterExtension.class)
abstract class WithController {
    static ControllerRuntime controller;

    @BeforeAll
    static void startController(KubernetesClient admin) {
        StackFixture.installStackApi(admin);
        controller = StackFixture.startController(admin, "shared-it", Duration.ofMinutes(10));
    }

    @AfterAll
    static void stopController(KubernetesClient admin) {
        controller.close();
        StackFixture.deleteTestNamespaces(admin);
    }
}
