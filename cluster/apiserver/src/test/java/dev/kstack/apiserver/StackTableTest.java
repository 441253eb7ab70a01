package dev.kstack.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.StackStatus;
import org.junit.jupiter.api.Test;

/** The STATUS cell of {@code kubectl get stacks} in the API server mode fits a terminal as the CRD mode's does. */
class StackTableTest {
    @Test
    void theStatusCellIsTheControllersSummary() {
        assertThat(StackTable.status(ComposeApiIT.json("""
                {"phase":"Failure","message":"words: 3/5 pods Unschedulable (0/2 nodes: Too many pods)",
                 "summary":"Failure (words: 3/5 pods Unschedulable (0/2 nodes: Too many pods))"}""")))
                .isEqualTo("Failure (words: 3/5 pods Unschedulable (0/2 nodes: Too many pods))");
    }

    @Test
    void withoutASummaryALongMessageIsShortenedToTheCap() {
        String message = "invalid stack: " + "services.web.ports[0]: invalid port; ".repeat(10);
        String cell = StackTable.status(ComposeApiIT.json("{\"phase\":\"Failure\",\"message\":\"" + message + "\"}"));
        assertThat(cell).hasSize(StackStatus.SUMMARY_CAP).startsWith("Failure (invalid stack: services.web.ports[0]")
                .endsWith("...)");
        assertThat(StackTable.status(ComposeApiIT.json("{\"phase\":\"Available\",\"message\":\"Stack is started\"}")))
                .isEqualTo("Available (Stack is started)");
    }
}
