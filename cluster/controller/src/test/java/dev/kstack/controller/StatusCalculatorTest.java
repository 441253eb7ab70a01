package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackSpec;
import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.ServiceStatus;
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
                List.of("pod web-1: CrashLoopBackOff")));
        StackStatus s = StatusCalculator.running(1, SPEC, o, Map.of());
        assertThat(s.phase()).isEqualTo("Failure");
        assertThat(s.message()).isEqualTo("service \"web\": 1/1 pods failing (pod web-1: CrashLoopBackOff)");
        assertThat(s.services().get("web").message()).isEqualTo("pod web-1: CrashLoopBackOff");
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
