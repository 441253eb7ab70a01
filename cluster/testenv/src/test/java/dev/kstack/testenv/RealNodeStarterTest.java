package dev.kstack.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RealNodeStarterTest {
    private static final Instant CLAIMED = Instant.parse("2026-12-03T11:00:00Z");

    @Test
    void aClaimWhoseClusterStartsNoProcessYetStillHoldsTheMachineForAWhile() {
        // certificates and host changes come before the first process: the claim alone holds the machine then
        assertThat(RealNodeStarter.holdsMachine(false, CLAIMED, CLAIMED.plusSeconds(30))).isTrue();
        assertThat(RealNodeStarter.holdsMachine(false, CLAIMED, CLAIMED.plus(RealNodeStarter.STARTING)
                .minusSeconds(1))).isTrue();
        // a start that died without cleaning up does not hold it forever
        assertThat(RealNodeStarter.holdsMachine(false, CLAIMED, CLAIMED.plus(RealNodeStarter.STARTING))).isFalse();
        // a running node holds it however old its claim
        assertThat(RealNodeStarter.holdsMachine(true, CLAIMED, CLAIMED.plusSeconds(86_400))).isTrue();
    }
}
