package dev.kstack.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.controller.DriftGuard.Decision;
import org.junit.jupiter.api.Test;

class DriftGuardTest {
    private static final StackKey STACK = new StackKey("ns", "app");
    private static final ChildKey WEB = new ChildKey("Deployment", "web");

    private final DriftGuard guard = new DriftGuard();

    @Test
    void aFirstDriftIsRepaired() {
        assertThat(guard.decide(STACK, 1, WEB, "10")).isEqualTo(Decision.REPAIR);
    }

    @Test
    void theObjectARepairWasDecidedOnIsNotRepairedAgain() {
        guard.repaired(STACK, 1, WEB, "10");
        assertThat(guard.decide(STACK, 1, WEB, "10")).isEqualTo(Decision.STALE);
        assertThat(guard.decide(STACK, 1, WEB, "11")).isEqualTo(Decision.REPAIR);
    }

    @Test
    void aChildDriftingRightAfterEachRepairIsGivenUpOnceUntilTheGenerationChanges() {
        for (int i = 0; i < DriftGuard.MAX_REPAIRS; i++) {
            assertThat(guard.decide(STACK, 1, WEB, "v" + i)).isEqualTo(Decision.REPAIR);
            guard.repaired(STACK, 1, WEB, "v" + i);
        }
        assertThat(guard.decide(STACK, 1, WEB, "again")).isEqualTo(Decision.GIVE_UP);
        assertThat(guard.decide(STACK, 1, WEB, "again")).isEqualTo(Decision.GIVEN_UP);
        assertThat(guard.decide(STACK, 1, WEB, "later")).isEqualTo(Decision.GIVEN_UP);
        assertThat(guard.decide(STACK, 2, WEB, "later")).isEqualTo(Decision.REPAIR);
    }

    @Test
    void aCleanLookBetweenRepairsStartsTheCountAgain() {
        for (int i = 0; i < 3 * DriftGuard.MAX_REPAIRS; i++) {
            assertThat(guard.decide(STACK, 1, WEB, "v" + i)).isEqualTo(Decision.REPAIR);
            guard.repaired(STACK, 1, WEB, "v" + i);
            guard.clean(STACK, WEB);
        }
    }

    @Test
    void otherChildrenAndStacksAreCountedApart() {
        for (int i = 0; i < DriftGuard.MAX_REPAIRS; i++) {
            guard.repaired(STACK, 1, WEB, "v" + i);
        }
        assertThat(guard.decide(STACK, 1, new ChildKey("Service", "web"), "v9")).isEqualTo(Decision.REPAIR);
        assertThat(guard.decide(new StackKey("ns", "other"), 1, WEB, "v9")).isEqualTo(Decision.REPAIR);
        guard.forget(STACK);
        assertThat(guard.decide(STACK, 1, WEB, "v9")).isEqualTo(Decision.REPAIR);
    }
}
