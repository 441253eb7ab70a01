package dev.kstack.testenv;

import dev.kstack.testenv.sim.SimulatedNodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives integration tests a real local control plane: started once per test run (the first time a test class
 * asks for it), shared by every test class of the run, and stopped when the run ends.
 *
 * <p>Test methods and constructors may take a {@link LocalCluster}, the shared admin {@link KubernetesClient}
 * or {@link ClusterUsers}. The cluster lives in {@code target/local-cluster-<pid>}; when a test failed its directory,
 * with every component's log, is kept there, otherwise it is removed.
 *
 * <p>A class annotated {@link RealNode} gets the cluster with one real node instead (started once per run as well, in
 * {@code target/local-cluster-real-<pid>}).
 *
 * <p>The simulated cluster has two nodes of 250 pods; the system properties {@code kstack.test.nodes} and
 * {@code kstack.test.podsPerNode} ({@code -Dkstack.test.nodes=4} on Maven's command line) change that, as
 * {@code bin/local-cluster up --nodes N --pods-per-node M} does.
 *
 * <p>With {@code KSTACK_TEST_CLUSTER=<dir>} the tests use the cluster already running in that directory
 * (started by {@code bin/local-cluster up}, or {@code up --real} for {@link RealNode} classes) and leave it running.
 */
public final class LocalClusterExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == LocalCluster.class || t == KubernetesClient.class || t == ClusterUsers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Shared s = shared(e);
        Class<?> t = p.getParameter().getType();
        if (t == LocalCluster.class) {
            return s.cluster;
        }
        if (t == KubernetesClient.class) {
            return s.admin;
        }
        return new ClusterUsers(s.cluster, s.admin);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        shared(context).failed.set(true);
    }

    private static Shared shared(ExtensionContext context) {
        boolean real = context.getTestClass().map(c -> c.isAnnotationPresent(RealNode.class)).orElse(false);
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(real ? "real-node" : "simulated",
                k -> Shared.start(real), Shared.class);
    }

    /** The cluster of this test run; JUnit closes it when the run ends. */
    static final class Shared implements ExtensionContext.Store.CloseableResource {
        final LocalCluster cluster;
        final KubernetesClient admin;
        final boolean owned;
        final AtomicBoolean failed = new AtomicBoolean();
        private final Thread shutdownHook;

        private Shared(LocalCluster cluster, boolean owned) {
            this.cluster = cluster;
            this.owned = owned;
            this.admin = cluster.newAdminClient();
            this.shutdownHook = new Thread(() -> {
                if (owned) {
                    cluster.down();
                }
            }, "kstack-local-cluster-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        static Shared start(boolean real) {
            String external = System.getenv("KSTACK_TEST_CLUSTER");
            if (external != null && !external.isBlank()) {
                LocalCluster c = LocalCluster.attach(Path.of(external))
                        .filter(LocalCluster::isHealthy)
                        .filter(x -> x.hasRealNode() == real)
                        .orElseThrow(() -> new IllegalStateException("KSTACK_TEST_CLUSTER=" + external
                                + " names no running cluster " + (real ? "with" : "without")
                                + " a real node (bin/local-cluster up" + (real ? " --real" : "") + " starts one)"));
                return new Shared(c, false);
            }
            // One directory per test JVM, so that two runs in one module (or a developer's and CI's) never collide.
            Path dir = Path.of("target", (real ? "local-cluster-real-" : "local-cluster-") + ProcessHandle.current().pid())
                    .toAbsolutePath();
            deleteRecursively(dir);
            LocalClusterConfig config = real
                    ? LocalClusterConfig.defaults(dir, ControlPlaneBinaries.locateForRealNode(), false).withRealNode()
                    : LocalClusterConfig.defaults(dir, ControlPlaneBinaries.locate(), false).withSimulatedNodes(
                            Integer.getInteger("kstack.test.nodes", LocalClusterConfig.DEFAULT_NODE_COUNT),
                            Integer.getInteger("kstack.test.podsPerNode", SimulatedNodes.DEFAULT_PODS));
            return new Shared(LocalCluster.up(config), true);
        }

        @Override
        public void close() {
            admin.close();
            if (!owned) {
                return;
            }
            cluster.down();
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            if (failed.get()) {
                System.err.println("[kstack] a test failed: the local cluster's logs are kept in " + cluster.logs());
            } else {
                deleteRecursively(cluster.dir());
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
