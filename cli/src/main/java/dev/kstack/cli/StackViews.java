package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.Stack;
import dev.kstack.convert.ServiceNames;
import dev.kstack.api.StackStatus;
import dev.kstack.api.StackStatus.PodFailures;
import dev.kstack.api.StackStatus.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** How the list commands show parts of a Stack and of its pods. */
final class StackViews {
    private StackViews() {
    }

    /** {@code Available (Stack is started)}, as the STATUS column of {@code kubectl get stacks}. */
    static String status(Stack stack) {
        if (stack.status() == null || stack.status().phase().isEmpty()) {
            return "ReconciliationPending (Stack is waiting for reconciliation)";
        }
        return stack.status().summary().isEmpty()
                ? StackStatus.summary(stack.status().phase(), stack.status().message()) : stack.status().summary();
    }

    /** Each pod the controller last counted as failing, by name, with its cause (from the stack's status). */
    static Map<String, PodFailures> failingPods(Stack stack) {
        Map<String, PodFailures> out = new HashMap<>();
        if (stack.status() != null) {
            for (ServiceStatus service : stack.status().services().values()) {
                for (PodFailures f : service.failures()) {
                    f.pods().forEach(pod -> out.put(pod, f));
                }
            }
        }
        return out;
    }

    /**
     * A service's name as the list commands show it: the compose name, followed by the name of its Kubernetes objects
     * when that differs ({@code front_end (front-end)}).
     */
    static String service(String compose, ServiceNames names) {
        String object = names.objectName(compose);
        return object.equals(compose) ? compose : compose + " (" + object + ")";
    }

    /** A service's ports: {@code 33000->80/tcp} when published, {@code 80/tcp} otherwise. */
    static String ports(ServiceConfig service) {
        return service.ports().stream().map(StackViews::port).collect(Collectors.joining(", "));
    }

    /** The ports, each published one prefixed by {@code address} (where the cluster publishes it) when known. */
    static String ports(ServiceConfig service, String address) {
        return service.ports().stream().map(p -> port(p, address)).collect(Collectors.joining(", "));
    }

    static String port(ServicePortConfig p) {
        return port(p, "");
    }

    private static String port(ServicePortConfig p, String address) {
        String protocol = p.protocol().isEmpty() ? "tcp" : p.protocol().toLowerCase();
        String published = p.published() <= 0 ? "" : (address.isEmpty() ? "" : address + ":") + p.published() + "->";
        return published + p.target() + "/" + protocol;
    }

    /** Ages as kubectl prints them: {@code 45s}, {@code 3m12s}, {@code 5h}, {@code 2d}. */
    static String age(String creationTimestamp, Instant now) {
        if (creationTimestamp == null || creationTimestamp.isEmpty()) {
            return "";
        }
        Duration d = Duration.between(Instant.parse(creationTimestamp), now);
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 3 * 3600) {
            return s / 60 + "m";
        }
        if (s < 2 * 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
