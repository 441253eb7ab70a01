package dev.kstack.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealNodeHostTest {
    @Test
    void iptablesRulesSplitIntoWordsWithQuotedCommentsWhole() {
        // how `iptables -S` prints a kube-proxy jump; down deletes it by passing these words to iptables -D
        assertThat(RealNodeHost.shellWords(
                "OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"))
                .containsExactly("OUTPUT", "-m", "comment", "--comment", "kubernetes service portals", "-j",
                        "KUBE-SERVICES");
        assertThat(RealNodeHost.shellWords("FORWARD -m comment --comment \"\" -j DROP"))
                .containsExactly("FORWARD", "-m", "comment", "--comment", "", "-j", "DROP");
    }
}
