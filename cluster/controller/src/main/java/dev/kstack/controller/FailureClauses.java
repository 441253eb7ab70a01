package dev.kstack.controller;

import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.PodFailures;
import dev.kstack.controller.ServiceObservation.PodFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failing pods in words that fit a terminal (pure functions): a service's failing pods grouped by cause, one clause
 * per service ({@code 3/5 pods Unschedulable (0/2 nodes: Too many pods)}) with the scheduler's message shortened,
 * and the clauses of a stack joined under a length cap. The groups keep every pod and the whole message.
 */
final class FailureClauses {
    /** The longest detail of one cause in a clause ({@code 0/2 nodes: Too many pods}). */
    static final int DETAIL_CAP = 60;
    /** The longest clause of one service. */
    static final int CLAUSE_CAP = 120;

    private static final Pattern NODES = Pattern.compile("(\\d+)/(\\d+) nodes are available: (.*?)\\.?",
            Pattern.DOTALL);
    private static final Pattern COUNTED = Pattern.compile("(\\d+) (?:node\\(s\\) )?(.*)", Pattern.DOTALL);

    private FailureClauses() {
    }

    /** The failures grouped by reason and message, the largest group first; each group's pods sorted. */
    static List<PodFailures> group(List<PodFailure> failures) {
        Map<List<String>, List<String>> pods = new LinkedHashMap<>();
        for (PodFailure f : failures) {
            pods.computeIfAbsent(List.of(f.reason(), f.message()), k -> new ArrayList<>()).add(f.pod());
        }
        return pods.entrySet().stream()
                .map(e -> new PodFailures(e.getKey().get(0), e.getKey().get(1), e.getValue().stream().sorted().toList()))
                .sorted(Comparator.comparing((PodFailures g) -> -g.pods().size()).thenComparing(PodFailures::reason)
                        .thenComparing(PodFailures::message))
                .toList();
    }

    /** {@code 3/5 pods Unschedulable (0/2 nodes: Too many pods), 1/5 CrashLoopBackOff}; {@code ""} for no group. */
    static String clause(List<PodFailures> groups, int desired) {
        int total = Math.max(desired, groups.stream().mapToInt(g -> g.pods().size()).sum());
        StringBuilder out = new StringBuilder();
        for (PodFailures g : groups) {
            boolean first = out.isEmpty();
            out.append(first ? "" : ", ").append(g.pods().size()).append('/').append(total)
                    .append(first ? " pods " : " ").append(cause(g));
        }
        return StackStatus.shorten(out.toString(), CLAUSE_CAP);
    }

    /** {@code Unschedulable (0/2 nodes: Too many pods)}, or the reason alone when there is no message. */
    static String cause(PodFailures g) {
        String detail = "Unschedulable".equals(g.reason()) ? scheduler(g.message()) : g.message();
        detail = detail.strip().lines().findFirst().orElse("").replaceAll("\\.$", "");
        return detail.isEmpty() ? g.reason() : g.reason() + " (" + StackStatus.shorten(detail, DETAIL_CAP) + ")";
    }

    /**
     * The scheduler's message in fewer words: {@code 0/2 nodes are available: 2 Too many pods.} becomes
     * {@code 0/2 nodes: Too many pods}; a count is kept where it is not every node
     * ({@code 0/3 nodes: 1 Insufficient cpu, 2 didn't match node selector}). Other text is returned as it is.
     */
    static String scheduler(String message) {
        Matcher m = NODES.matcher(message.strip());
        if (!m.matches()) {
            return message;
        }
        String all = m.group(2);
        String[] parts = m.group(3).split(", (?=\\d+ )");
        List<String> out = new ArrayList<>();
        for (String part : parts) {
            Matcher c = COUNTED.matcher(part);
            if (!c.matches()) {
                out.add(part);
            } else {
                out.add(parts.length == 1 && c.group(1).equals(all) ? c.group(2) : c.group(1) + " " + c.group(2));
            }
        }
        return m.group(1) + "/" + all + " nodes: " + String.join(", ", out);
    }

    /**
     * The clauses joined by {@code ; }, at most {@code cap} characters: when they do not all fit, as many as fit
     * and {@code and N more failing services}.
     */
    static String join(List<String> clauses, int cap) {
        String all = String.join("; ", clauses);
        if (all.length() <= cap) {
            return all;
        }
        for (int k = clauses.size() - 1; k >= 1; k--) {
            String joined = String.join("; ", clauses.subList(0, k)) + more(clauses.size() - k);
            if (joined.length() <= cap) {
                return joined;
            }
        }
        String tail = more(clauses.size() - 1);
        return StackStatus.shorten(clauses.get(0), cap - tail.length()) + tail;
    }

    private static String more(int n) {
        return n == 0 ? "" : "; and " + n + " more failing service" + (n == 1 ? "" : "s");
    }
}
