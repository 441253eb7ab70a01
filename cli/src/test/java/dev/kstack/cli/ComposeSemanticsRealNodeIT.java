package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.convert.StackLabels;
import dev.kstack.testenv.Await;
import dev.kstack.testenv.ClusterUsers;
import dev.kstack.testenv.LocalCluster;
import dev.kstack.testenv.LocalClusterExtension;
import dev.kstack.testenv.RealNode;
import dev.kstack.testenv.RealNodeLayout;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a compose user expects once containers run, on the local cluster's real node, through the command line: one
 * stack ({@code src/test/resources/realnode/semantics/compose.yaml}) deployed once, each of its services showing one
 * rule. Services find each other by their compose names through headless and ClusterIP internal Services; a failing
 * healthcheck takes the pod out of its Service and restarts it; {@code depends_on: service_healthy} holds the
 * dependent service back until the dependency's probe passes; a secret and a config are at their compose targets
 * with their modes; {@code command}, {@code entrypoint}, {@code working_dir}, {@code user} and {@code environment}
 * take effect as compose defines them (one container per rule); a changed config file rolls the pods of the service
 * that mounts it, and only those, on redeploy; {@code kstack rm} leaves no container running on the node.
 *
 * <p>The tests share the deploy and run in their order: the first one watches the held service before it opens the
 * gate, the last one removes the stack.
 */
@ExtendWith(LocalClusterExtension.class)
@RealNode
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeSemanticsRealNodeIT {
    static final Path FILES = Path.of(System.getProperty("kstack.root", "..")).resolve(
            "cli/src/test/resources/realnode/semantics").toAbsolutePath().normalize();
    /** Built by {@link #buildReportImage} into the node's dockerd; its tag is not latest, so it is never pulled. */
    static final String REPORT_IMAGE = "kstack.test/report:1";
    private static final String STACK = "semantics";
    private static final Duration READY = Duration.ofSeconds(240);

    @TempDir
    static Path dir;

    private KubernetesClient admin;
    private String ns;
    private String[] common;
    private Path state;
    private Path compose;
    private Cli.Run firstDeploy;

    @BeforeAll
    void deploy(LocalCluster cluster, KubernetesClient admin, ClusterUsers users) throws Exception {
        this.admin = admin;
        Path files = dir.resolve("stack");
        Files.createDirectories(files);
        try (Stream<Path> list = Files.list(FILES)) {
            for (Path f : list.toList()) {
                Files.copy(f, files.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.setPosixFilePermissions(files.resolve("report"), PosixFilePermissions.fromString("rwxr-xr-x"));
        buildReportImage(files);
        compose = files.resolve("compose.yaml");

        String kubeconfig = cluster.kubeconfig().toString();
        ns = users.createNamespace("semantics");
        common = new String[] {"--kubeconfig", kubeconfig, "-n", ns};
        state = dir.resolve("run-local");
        Cli.Run install = Cli.run("install", "--run-local", "--kubeconfig", kubeconfig, "--state-dir", state.toString());
        assertThat(install.exit()).as(install.out() + install.err()).isZero();
        // detached: the stack cannot be stable before the first test opens the gate
        firstDeploy = kstack("deploy", "-c", compose.toString(), "--detach", STACK);
        assertThat(firstDeploy.exit()).as(firstDeploy.out() + firstDeploy.err()).isZero();
    }

    @AfterAll
    void uninstall() {
        if (state == null) {
            return;
        }
        if (new StackStore(admin).get(ns, STACK).isPresent()) {
            kstack("rm", STACK);
        }
        Cli.Run uninstall = Cli.run("uninstall", "--run-local", "--kubeconfig", common[1], "--state-dir",
                state.toString());
        assertThat(uninstall.exit()).as(uninstall.err()).isZero();
    }

    @Test
    @Order(1)
    void dependsOnServiceHealthyHoldsTheDependentUntilTheProbePasses() throws Exception {
        // every other service runs; gate's container runs too, but its healthcheck fails until /tmp/open exists
        Await.until(READY, "every service but gate and held ready, gate's container running", () -> {
            Map<String, StackStatus.ServiceStatus> services = status().services();
            return services.size() == new StackStore(admin).require(ns, STACK).spec().services().size()
                    && services.entrySet().stream()
                    .filter(e -> !Set.of("gate", "held").contains(e.getKey()))
                    .allMatch(e -> e.getValue().ready() >= 1)
                    && servicePods("gate").stream().anyMatch(ComposeSemanticsRealNodeIT::running);
        });
        StackStatus held = status();
        assertThat(held.services().get("gate").ready()).isZero();
        assertThat(held.services().get("held").message()).isEqualTo("waiting for gate (service_healthy)");
        assertThat(held.phase()).isEqualTo(StackStatus.PROGRESSING);
        assertThat(admin.apps().deployments().inNamespace(ns).withName("held").get()).isNull();
        assertThat(servicePods("held")).isEmpty();

        Cli.Run open = exec("gate", "touch", "/tmp/open");
        assertThat(open.exit()).as(open.err()).isZero();
        Await.until(READY, "held created and ready once gate is healthy, the stack Available", () ->
                servicePods("held").stream().anyMatch(Readiness::isPodReady)
                        && StackStatus.AVAILABLE.equals(status().phase()));
        String gateReady = readySince(servicePods("gate").get(0));
        assertThat(servicePods("held").get(0).getMetadata().getCreationTimestamp())
                .as("held's pod was created once gate was ready (at %s)", gateReady).isGreaterThanOrEqualTo(gateReady);
    }

    @Test
    @Order(2)
    void servicesFindEachOtherByComposeNameThroughHeadlessAndClusterIpServices() throws Exception {
        assertThat(admin.services().inNamespace(ns).withName("web-headless").get().getSpec().getClusterIP())
                .isEqualTo("None");
        String vip = admin.services().inNamespace(ns).withName("web-vip").get().getSpec().getClusterIP();
        assertThat(vip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        String headlessPodIp = servicePods("web-headless").get(0).getStatus().getPodIP();

        // from the headless service's container to the ClusterIP one, and back; each retries while DNS catches up
        Cli.Run toVip = exec("web-headless", "sh", "-c", fetch("web-vip"));
        assertThat(toVip.exit()).as(toVip.out() + toVip.err()).isZero();
        assertThat(toVip.out()).containsPattern("answer: vip web-vip-[a-z0-9]+-[a-z0-9]+\n")
                .contains("Address: " + vip + "\n");
        Cli.Run toHeadless = exec("web-vip", "sh", "-c", fetch("web-headless"));
        assertThat(toHeadless.exit()).as(toHeadless.out() + toHeadless.err()).isZero();
        assertThat(toHeadless.out()).containsPattern("answer: headless web-headless-[a-z0-9]+-[a-z0-9]+\n")
                .contains("Address: " + headlessPodIp + "\n");
    }

    /**
     * A script that fetches http://NAME:8080/ by the short name (retrying for 30 s), then looks the name up; it fails
     * when nothing answered. (busybox nslookup also tries the other search domains and exits 1 for their NXDOMAIN.)
     */
    private static String fetch(String name) {
        return "for i in $(seq 1 30); do out=$(wget -qO- http://" + name + ":8080/) && break; sleep 1; done;"
                + " echo \"answer: $out\"; nslookup " + name + "; [ -n \"$out\" ]";
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("image-defaults", List.of("argv: [from-image-entrypoint] [from-image-cmd]", "cwd: /image-wd",
                        "id: 0:0", "env: IMAGE_ENV=from image")),
                // command replaces the image's CMD and keeps its ENTRYPOINT
                rule("command-list", List.of("argv: [from-image-entrypoint] [one] [two words]")),
                // the string form is split into words as a shell would, but not run by a shell ($b stays)
                rule("command-string", List.of("argv: [from-image-entrypoint] [one] [two words] [three four] [a$b]")),
                // entrypoint replaces the image's ENTRYPOINT and drops its CMD
                rule("entrypoint-list", List.of("argv: [mine]")),
                rule("entrypoint-string", List.of("argv: [my words]")),
                rule("entrypoint-and-command", List.of("argv: [ep] [cmd]")),
                // what compose leaves of $$ reaches the process literally: Kubernetes expands no $(VAR) of it
                rule("dollar-parens", List.of("argv: [from-image-entrypoint] [$(GREETING)] [$$]", "env: GREETING=hi")),
                rule("working-dir", List.of("cwd: /srv/made/by/runtime")),
                rule("user", List.of("id: 1234:2345")),
                rule("env-list", List.of("env: LIST_EQ=a=b=c", "env: LIST_EMPTY=", "env: LIST_SPACES=two  spaces",
                        "env: IMAGE_ENV=from compose", "env: IMAGE_ONLY=from image")),
                rule("env-map", List.of("env: MAP_EQ=x=y", "env: MAP_EMPTY=", "env: MAP_NUMBER=8080",
                        "env: MAP_DOLLAR=cost $5", "env: MAP_REF=$(MAP_EQ)", "env: IMAGE_ENV=from image")));
    }

    private static Arguments rule(String service, List<String> lines) {
        return Arguments.of(service, lines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    @Order(3)
    void containerStartsAsComposeDefines(String service, List<String> expected) {
        Pod pod = servicePods(service).get(0);
        String[] log = new String[1];
        Await.until(READY, "the report of " + service, () -> {
            log[0] = admin.pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog();
            return log[0].endsWith("\nend\n");
        });
        List<String> lines = log[0].lines().toList();
        assertThat(lines).as(log[0]).containsAll(expected);
        // one argv line: nothing else was appended (an image CMD after an entrypoint would show here)
        assertThat(lines.stream().filter(l -> l.startsWith("argv:"))).as(log[0]).hasSize(1);
        // a variable without a value is unset, as in compose; no Kubernetes service links among the variables
        assertThat(lines).as(log[0]).noneMatch(l -> l.startsWith("env: KSTACK_TEST_UNSET_VARIABLE"))
                .noneMatch(l -> l.startsWith("env: WEB_VIP_"));
    }

    @Test
    @Order(4)
    void aFailingHealthcheckTakesThePodOutOfItsServiceAndRestartsIt() throws Exception {
        Pod before = servicePods("flaky").get(0);
        String name = before.getMetadata().getName();
        String ip = before.getStatus().getPodIP();
        int restarts = restarts(before);
        assertThat(readyAddresses()).contains(ip);
        List<Endpoints> seen = new CopyOnWriteArrayList<>();
        try (Watch watch = admin.endpoints().inNamespace(ns).withName("flaky").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Endpoints endpoints) {
                seen.add(endpoints);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            Cli.Run sick = exec("flaky", "touch", "/tmp/sick");
            assertThat(sick.exit()).as(sick.err()).isZero();
            // the restarted container starts from its image again: no /tmp/sick, healthy, back in the Service
            Await.until(READY, "flaky's container restarted and back in the Service", () -> {
                Pod p = admin.pods().inNamespace(ns).withName(name).get();
                return restarts(p) > restarts && Readiness.isPodReady(p) && readyAddresses().contains(ip);
            });
        }
        assertThat(seen).as("the Service's endpoints while the healthcheck failed").anySatisfy(e -> {
            assertThat(addresses(e, EndpointSubset::getNotReadyAddresses)).contains(ip);
            assertThat(addresses(e, EndpointSubset::getAddresses)).doesNotContain(ip);
        });
        Await.until(Duration.ofSeconds(60), "the kubelet's readiness and liveness events for " + name, () -> {
            List<String> messages = admin.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName())).map(Event::getMessage).toList();
            return messages.stream().anyMatch(m -> m.startsWith("Readiness probe failed"))
                    && messages.stream().anyMatch(m -> m.startsWith("Liveness probe failed"));
        });
    }

    @Test
    @Order(5)
    void lifecycleHooksRunBeforeAndAfterTheContainerStartsAndWriteIntoItsVolume() throws Exception {
        Await.until(READY, "post_start's file in the hooks container", () -> {
            try {
                return exec("hooks", "cat", "/hooks/post").exit() == 0;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Cli.Run files = exec("hooks", "cat", "/hooks/pre", "/hooks/post");
        assertThat(files.exit()).as(files.err()).isZero();
        // in order, the first as its own user; then the container, whose post_start wrote its file
        assertThat(files.out().lines().toList()).containsExactly("pre_start as 1234", "second", "post_start");
        assertThat(servicePods("hooks").get(0).getSpec().getInitContainers()).hasSize(2);
    }

    @Test
    @Order(5)
    void secretsAndConfigsAreAtTheirComposeTargetsWithTheirModes() throws Exception {
        Cli.Run files = exec("files", "sh", "-c", "stat -c '%a %u:%g %n' /run/secrets/api-token /run/secrets/token"
                + " /etc/app/app.conf /motd && cat /run/secrets/api-token /etc/app/app.conf /motd");
        assertThat(files.exit()).as(files.err()).isZero();
        assertThat(files.out().lines().toList()).containsExactly(
                "400 0:0 /run/secrets/api-token",
                "444 0:0 /run/secrets/token",
                "440 0:0 /etc/app/app.conf",
                "444 0:0 /motd",
                "s3cret-token", "greeting = first", "welcome");
        // compose's uid/gid of a secret cannot be mapped: the user is told
        assertThat(firstDeploy.err()).contains(
                "warning: service \"files\": secrets[0] uid/gid is ignored (Kubernetes cannot set a file's owner)\n");
    }

    @Test
    @Order(6)
    void aChangedConfigFileRollsThePodsOfItsServiceOnRedeploy() throws Exception {
        String filesPod = servicePods("files").get(0).getMetadata().getUid();
        String otherPod = servicePods("web-vip").get(0).getMetadata().getUid();
        Files.writeString(compose.resolveSibling("app.conf"), "greeting = second\n", StandardCharsets.UTF_8);

        Cli.Run redeploy = kstack("deploy", "-c", compose.toString(), "--timeout", "4m", STACK);
        assertThat(redeploy.exit()).as(redeploy.out() + redeploy.err()).isZero();
        assertThat(redeploy.out()).contains("ConfigMap app-conf updated", "Updating stack " + STACK)
                .endsWith("Stack " + STACK + " is stable and running\n");
        // "stable and running" means the rollout is done: the old pod is going, the new one serves
        List<Pod> pods = servicePods("files");
        assertThat(pods).as("the pods of files once kstack deploy said it was stable").hasSize(1)
                .allSatisfy(p -> assertThat(Readiness.isPodReady(p)).isTrue());
        assertThat(pods.get(0).getMetadata().getUid()).as("a new pod").isNotEqualTo(filesPod);
        Cli.Run read = exec("files", "cat", "/etc/app/app.conf");
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out()).isEqualTo("greeting = second\n");
        assertThat(servicePods("web-vip")).extracting(p -> p.getMetadata().getUid())
                .as("a service that does not mount the config keeps its pod").containsExactly(otherPod);
    }

    @Test
    @Order(7)
    void rmLeavesNothingRunning() throws Exception {
        assertThat(dockerContainers()).as("the stack's containers on the node").isNotEmpty();
        Cli.Run rm = kstack("rm", STACK);
        assertThat(rm.exit()).as(rm.out() + rm.err()).isZero();
        assertThat(RmCommand.remaining(admin, ns, STACK)).isZero();
        assertThat(admin.pods().inNamespace(ns).list().getItems()).isEmpty();
        Await.until(Duration.ofSeconds(60), "no container of the namespace left on the node",
                () -> dockerContainers().isEmpty());
    }

    private Cli.Run kstack(String... args) {
        return Cli.run(WordsmithIT.args(common, args));
    }

    /** {@code bin/kstack exec NS-OPTIONS STACK SERVICE -- COMMAND...}, as its own process with no terminal. */
    private Cli.Run exec(String service, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("exec"));
        args.addAll(List.of(common));
        args.addAll(List.of(STACK, service, "--"));
        args.addAll(List.of(command));
        return Cli.binary(dir, args.toArray(String[]::new));
    }

    private StackStatus status() {
        Stack stack = new StackStore(admin).require(ns, STACK);
        return stack.status() == null ? new StackStatus(StackStatus.RECONCILIATION_PENDING, "") : stack.status();
    }

    private List<Pod> servicePods(String service) {
        return admin.pods().inNamespace(ns).withLabel(StackLabels.STACK, STACK)
                .withLabel(StackLabels.SERVICE_NAME, service).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && p.getStatus().getContainerStatuses() != null && p.getStatus()
                .getContainerStatuses().stream().anyMatch(c -> c.getState() != null && c.getState().getRunning() != null);
    }

    private static int restarts(Pod p) {
        return p.getStatus().getContainerStatuses().stream().mapToInt(ContainerStatus::getRestartCount).sum();
    }

    /** When the pod's Ready condition last turned true (RFC 3339, so the strings compare in time order). */
    private static String readySince(Pod p) {
        return p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getLastTransitionTime()).findFirst().orElseThrow();
    }

    private List<String> readyAddresses() {
        Endpoints e = admin.endpoints().inNamespace(ns).withName("flaky").get();
        return e == null ? List.of() : addresses(e, EndpointSubset::getAddresses);
    }

    private static List<String> addresses(Endpoints e, java.util.function.Function<EndpointSubset,
            List<EndpointAddress>> which) {
        if (e.getSubsets() == null) {
            return List.of();
        }
        return e.getSubsets().stream().map(which).filter(java.util.Objects::nonNull).flatMap(List::stream)
                .map(EndpointAddress::getIp).toList();
    }

    /** The ids of the containers of this namespace's pods that the node's dockerd runs (sandboxes included). */
    private List<String> dockerContainers() {
        String out = docker("ps", "-q", "--filter", "label=io.kubernetes.pod.namespace=" + ns);
        return out.lines().filter(l -> l.matches("[0-9a-f]{12,64}")).toList();
    }

    private static void buildReportImage(Path context) {
        docker("build", "-q", "-t", REPORT_IMAGE, context.toString());
    }

    /** {@code docker ARGS...} against the real node's dockerd; its standard output, or a failure with its output. */
    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + RealNodeLayout.dockerSocket()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            b.environment().put("DOCKER_BUILDKIT", "0");
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
