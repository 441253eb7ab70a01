package dev.kstack.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;

/** The broken-compose corpus sent as v1beta1 Stacks through kube-apiserver, whichever mode serves them. */
final class BrokenStacks {
    private BrokenStacks() {
    }

    /**
     * Creates one v1beta1 Stack per broken file the servers must refuse (and the 20 MB file): each must get a 4xx
     * with Status causes (all but the 20 MB one, which kube-apiserver refuses by size), naming {@code composeFile}
     * when {@code namesComposeFile}; nothing may be stored. Returns status code → count.
     */
    static Map<Integer, Integer> sendAll(KubernetesClient admin, String ns, boolean namesComposeFile) {
        var stacks = admin.genericKubernetesResources(CrdModeHostileIT.V1BETA1).inNamespace(ns);
        SoftAssertions soft = new SoftAssertions();
        Map<Integer, Integer> codes = new TreeMap<>();
        List<BrokenCompose.Case> cases = new ArrayList<>(BrokenCompose.small());
        cases.removeIf(c -> !c.refusedByServers());
        cases.add(BrokenCompose.huge());
        int n = 0;
        for (BrokenCompose.Case c : cases) {
            try {
                stacks.resource(CrdModeHostileIT.v1beta1(ns, "broken-" + n++, c.text())).create();
                soft.fail(c + " was accepted");
            } catch (KubernetesClientException e) {
                codes.merge(e.getCode(), 1, Integer::sum);
                soft.assertThat(e.getCode()).as(c + ": " + e.getMessage()).isBetween(400, 499);
                if (c.content().length < 1_000_000) {
                    List<StatusCause> causes = e.getStatus() == null || e.getStatus().getDetails() == null ? List.of()
                            : e.getStatus().getDetails().getCauses();
                    soft.assertThat(causes).as(c + " causes: " + e.getMessage()).isNotEmpty();
                    if (namesComposeFile) {
                        soft.assertThat(causes).as(c + " names the compose file").anySatisfy(cause ->
                                assertThat(cause.getMessage() + " " + cause.getField()).contains("composeFile"));
                    }
                }
            }
        }
        soft.assertThat(stacks.list().getItems()).as("nothing stored").isEmpty();
        soft.assertAll();
        System.out.printf("FIGURE %d broken compose files as v1beta1 Stacks in %s: status codes %s%n", cases.size(),
                ns, codes);
        return codes;
    }
}
