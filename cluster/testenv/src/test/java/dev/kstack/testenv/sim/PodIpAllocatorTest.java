package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodIpAllocatorTest {

    private final PodIpAllocator allocator = new PodIpAllocator();

    @Test
    void givesEachPodItsOwnStableAddress() {
        String first = allocator.addressOf("a").orElseThrow();
        String second = allocator.addressOf("b").orElseThrow();

        assertThat(first).isEqualTo("10.244.0.1");
        assertThat(second).isEqualTo("10.244.0.2");
        assertThat(allocator.addressOf("a")).contains(first);
    }

    @Test
    void neverHandsOutAnAddressAPodAlreadyHas() {
        allocator.remember("existing", "10.244.0.1");

        assertThat(allocator.addressOf("existing")).contains("10.244.0.1");
        assertThat(allocator.addressOf("new")).contains("10.244.0.2");
    }

    @Test
    void aReleasedAddressCanBeReusedOnceTheRangeWrapsAround() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 0xFFFE; i++) {
            assertThat(seen.add(allocator.addressOf("pod-" + i).orElseThrow())).isTrue();
        }
        assertThat(allocator.addressOf("one-too-many")).isEmpty();

        allocator.release("pod-7");

        assertThat(allocator.addressOf("one-too-many")).contains("10.244.0.8");
    }
}
