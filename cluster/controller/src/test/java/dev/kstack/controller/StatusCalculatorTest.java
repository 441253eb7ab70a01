package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.PodFailures;
import dev.kstack.api.StackStatus.ServiceStatus;
import dev.kstack.controller.ServiceObservation.PodFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
    private static final StackSpec SPEC = StackFixture.spec(StackFixture.WORDSMITH);

    private static ServiceObservation ready(String service, int n) {
        return new ServiceObservation(service, "Deployment", true, n, n, 0, 0, 0, 0, List.of());
    }

    private static Map<String, ServiceObservation> allReady() {
        return Map.of("db", ready("db", 1), "web", ready("web", 1), "words", ready("words", 5));
    }

    @Test
    void allServicesReadyIsAvailableWithPrinterColumns() {
        StackStatus s = StatusCalculator.running(3, SPEC, allReady(), Map.of());
        assertThat(s.phase()).isEqualTo("Available");
        assertThat(s.message()).isEqualTo("Stack is started");
        assertThat(s.summary()).isEqualTo("Available (Stack is started)");
        assertThat(s.serviceCount()).isEqualTo(3);
        assertThat(s.ports()).isEqualTo("web: 33000");
        assertThat(s.observedGeneration()).isEqualTo(3);
        assertThat(s.services().get("words")).isEqualTo(new ServiceStatus("Deployment", 5, 5, 0, 0, ""));
    }

    @Test
    void aServiceStillStartingIsProgressingWithItsCounts() {
        Map<String, ServiceObservation> o = new java.util.HashMap<>(allReady());
        o.put("words", new ServiceObservation("words", "Deployment", true, 5, 1, 1, 3, 0, 0, List.of()));
        StackStatus s = StatusCalculator.running(1, SPEC, o, Map.of());
        assertThat(s.phase()).isEqualTo("Progressing");
        assertThat(s.message()).isEqualTo("Stack is starting");
        assertThat(s.services().get("words")).isEqualTo(new ServiceStatus("Deployment", 5, 1, 4, 0, ""));
    }

    @Test
    void aWorkloadNotYetUpdatedIsNotAvailableEvenWithReadyPods() {
        Map<String, ServiceObservation> o = new java.util.HashMap<>(allReady());
        o.put("db", new ServiceObservation("db", "Deployment", false, 1, 1, 0, 0, 0, 0, List.of()));
        assertThat(StatusCalculator.running(1, SPEC, o, Map.of()).phase()).isEqualTo("Progressing");
    }

    @Test
    void failingPodsAreAFailureNamingTheServiceAndTheReason() {
        Map<String, ServiceObservation> o = new java.util.HashMap<>(allReady());
        o.put("web", new ServiceObservation("web", "Deployment", true, 1, 0, 0, 0, 0, 1,
                List.of(new PodFailure("web-1", "CrashLoopBackOff", ""))));
        StackStatus s = StatusCalculator.running(1, SPEC, o, Map.of());
        assertThat(s.phase()).isEqualTo("Failure");
        assertThat(s.message()).isEqualTo("web: 1/1 pods CrashLoopBackOff");
        assertThat(s.summary()).isEqualTo("Failure (web: 1/1 pods CrashLoopBackOff)");
        assertThat(s.services().get("web").message()).isEqualTo("1/1 pods CrashLoopBackOff");
        assertThat(s.services().get("web").failures())
                .containsExactly(new PodFailures("CrashLoopBackOff", "", List.of("web-1")));
    }

    /** What 100 wordsmith stacks on too few simulated nodes showed: many pods, one cause each. */
    @Test
    void manyUnschedulablePodsGiveOneShortClausePerServiceAndKeepEveryPodInTheFailures() {
        StackSpec spec = StackFixture.spec("""
                {"services":[{"name":"db71","image":"d"},{"name":"web71","image":"w"},
                  {"name":"words71","image":"a","deploy":{"replicas":5}}]}""");
        String scheduler = "0/2 nodes are available: 2 Too many pods.";
        List<PodFailure> words = List.of(new PodFailure("words71-6d7f767b4b-bgp7q", "Unschedulable", scheduler),
                new PodFailure("words71-6d7f767b4b-b9qj8", "Unschedulable", scheduler),
                new PodFailure("words71-6d7f767b4b-x2x2x", "Unschedulable", scheduler));
        Map<String, ServiceObservation> o = Map.of(
                "db71", new ServiceObservation("db71", "Deployment", true, 1, 0, 0, 0, 0, 1,
                        List.of(new PodFailure("db71-5f5-a1", "Unschedulable", scheduler))),
                "web71", ready("web71", 1),
                "words71", new ServiceObservation("words71", "Deployment", true, 5, 2, 0, 0, 0, 3, words));

        StackStatus s = StatusCalculator.running(1, spec, o, Map.of());

        assertThat(s.message()).isEqualTo("db71: 1/1 pods Unschedulable (0/2 nodes: Too many pods); "
                + "words71: 3/5 pods Unschedulable (0/2 nodes: Too many pods)");
        assertThat(s.services().get("words71").failures()).containsExactly(new PodFailures("Unschedulable", scheduler,
                List.of("words71-6d7f767b4b-b9qj8", "words71-6d7f767b4b-bgp7q", "words71-6d7f767b4b-x2x2x")));
        assertThat(s.summary()).hasSizeLessThanOrEqualTo(StackStatus.SUMMARY_CAP).startsWith("Failure (db71: ")
                .endsWith("...)");
    }

    @Test
    void aServiceWithHundredsOfFailingPodsAndSeveralCausesNamesEachCauseOnceUnderTheCap() {
        StackSpec spec = StackFixture.spec("""
                {"services":[{"name":"words","image":"a","deploy":{"replicas":300}}]}""");
        List<PodFailure> failures = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            failures.add(new PodFailure("words-" + i, "Unschedulable", "0/3 nodes are available: 1 Insufficient cpu,"
                    + " 2 node(s) didn't match node selector."));
        }
        failures.add(new PodFailure("words-crash", "CrashLoopBackOff", ""));
        var o = Map.of("words", new ServiceObservation("words", "Deployment", true, 300, 49, 0, 0, 0, 251, failures));

        StackStatus s = StatusCalculator.running(1, spec, o, Map.of());

        assertThat(s.message()).isEqualTo("words: 250/300 pods Unschedulable (0/3 nodes: 1 Insufficient cpu,"
                + " 2 didn't match node selector), 1/300 CrashLoopBackOff");
        assertThat(s.message().length()).isLessThanOrEqualTo(StatusCalculator.MESSAGE_CAP);
        assertThat(s.services().get("words").failures()).hasSize(2)
                .flatExtracting(PodFailures::pods).hasSize(251).contains("words-0", "words-249", "words-crash");
    }

    @Test
    void moreFailingServicesThanTheCapHoldsAreCountedAtTheEnd() {
        StringBuilder services = new StringBuilder();
        Map<String, ServiceObservation> o = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            String name = "service-with-a-long-name-" + (char) ('a' + i);
            services.append(i == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\",\"image\":\"x\"}");
            o.put(name, new ServiceObservation(name, "Deployment", true, 1, 0, 0, 0, 0, 1,
                    List.of(new PodFailure(name + "-1", "ImagePullBackOff", ""))));
        }
        StackSpec spec = StackFixture.spec("{\"services\":[" + services + "]}");

        String message = StatusCalculator.running(1, spec, o, Map.of()).message();

        assertThat(message).hasSizeLessThanOrEqualTo(StatusCalculator.MESSAGE_CAP)
                .startsWith("service-with-a-long-name-a: 1/1 pods ImagePullBackOff; ")
                .endsWith("; and 17 more failing services");
    }

    @Test
    void theSchedulersMessageIsShortenedAndOtherMessagesKept() {
        assertThat(FailureClauses.scheduler("0/2 nodes are available: 2 Too many pods."))
                .isEqualTo("0/2 nodes: Too many pods");
        assertThat(FailureClauses.scheduler("0/2 nodes are available: 2 node(s) didn't match node selector."))
                .isEqualTo("0/2 nodes: didn't match node selector");
        assertThat(FailureClauses.scheduler("0/3 nodes are available: 1 node(s) had taint {a: b}, that the pod"
                + " didn't tolerate, 2 Insufficient memory."))
                .isEqualTo("0/3 nodes: 1 had taint {a: b}, that the pod didn't tolerate, 2 Insufficient memory");
        assertThat(FailureClauses.scheduler("volume claims not bound after 2 min: data"))
                .isEqualTo("volume claims not bound after 2 min: data");
    }

    @Test
    void aHeldBackServiceKeepsTheStackProgressingAndSaysWhatItWaitsFor() {
        Map<String, ServiceObservation> o = new java.util.HashMap<>(allReady());
        o.put("web", ServiceObservation.absent("web"));
        StackStatus s = StatusCalculator.running(1, SPEC, o, Map.of("web", "waiting for db (service_healthy)"));
        assertThat(s.phase()).isEqualTo("Progressing");
        assertThat(s.services().get("web").message()).isEqualTo("waiting for db (service_healthy)");
    }

    @Test
    void anEmptyDaemonSetIsNotAvailable() {
        StackSpec spec = StackFixture.spec("""
                {"services":[{"name":"agent","image":"a","deploy":{"mode":"global"}}]}""");
        var o = Map.of("agent", new ServiceObservation("agent", "DaemonSet", true, 0, 0, 0, 0, 0, 0, List.of()));
        assertThat(StatusCalculator.running(1, spec, o, Map.of()).phase()).isEqualTo("Progressing");
    }

    @Test
    void failureCarriesTheReasonAndThePrinterColumns() {
        StackStatus s = StatusCalculator.failure(2, SPEC, "denied: no");
        assertThat(s).isEqualTo(new StackStatus("Failure", "denied: no", 2, "", 3, "web: 33000",
                "Failure (denied: no)", Map.of()));
    }

    @Test
    void aLongFailureReasonStaysWholeInTheMessageAndIsShortenedInThePrinterColumn() {
        String reason = "invalid stack: " + "services.web.ports[0]: invalid port; ".repeat(10);
        StackStatus s = StatusCalculator.failure(2, SPEC, reason);
        assertThat(s.message()).isEqualTo(reason);
        assertThat(s.summary()).hasSize(StackStatus.SUMMARY_CAP).startsWith("Failure (invalid stack: ")
                .endsWith("...)");
    }

    @Test
    void portsListEveryPublishedPortByService() {
        StackSpec spec = StackFixture.spec("""
                {"services":[
                  {"name":"web","image":"w","ports":[{"target":80,"published":8080},{"target":443,"published":8443},
                    {"target":9000}]},
                  {"name":"api","image":"a","ports":[{"target":80,"published":81}]},
                  {"name":"db","image":"d"}]}""");
        assertThat(StatusCalculator.ports(spec)).isEqualTo("api: 81, web: 8080,8443");
    }
}
