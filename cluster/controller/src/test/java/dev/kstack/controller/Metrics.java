package dev.kstack.controller;

import dev.kstack.testenv.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads counters from Prometheus text: kube-apiserver's write requests, and the controller's own metrics. */
final class Metrics {
    /** The kinds the controller writes; for children, status writes are the Kubernetes controllers', not ours. */
    private static final Set<String> STACK_RESOURCES = Set.of("deployments", "statefulsets", "daemonsets",
            "services", "ingresses", "networkpolicies", "stacks");
    private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE",
            "DELETECOLLECTION", "CREATE", "UPDATE");
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private static final Duration QUIET = Duration.ofSeconds(2);

    private Metrics() {
    }

    /** Write requests kube-apiserver served on stacks and on the kinds of their children (not their status). */
    static long apiServerWrites(KubernetesClient admin) {
        String base = admin.getMasterUrl().toString();
        String text = admin.raw(base.endsWith("/") ? base + "metrics" : base + "/metrics");
        long total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals("apiserver_request_total")) {
                continue;
            }
            String verb = label(m.group(2), "verb");
            String resource = label(m.group(2), "resource");
            String sub = label(m.group(2), "subresource");
            boolean ours = STACK_RESOURCES.contains(resource)
                    && (sub.isEmpty() || resource.equals("stacks") && sub.equals("status"));
            if (ours && WRITE_VERBS.contains(verb)) {
                total += (long) Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    /** Waits until two samples of {@link #apiServerWrites} two seconds apart are the same. */
    static void awaitNoApiServerWrites(KubernetesClient admin, Duration timeout) {
        long[] last = {-1};
        Await.until(timeout, "no more writes by anyone on stacks and their kinds", () -> {
            long now = apiServerWrites(admin);
            boolean quiet = now == last[0];
            last[0] = now;
            try {
                Thread.sleep(QUIET.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return quiet;
        });
    }

    /** The sum of the controller's samples of {@code name} whose labels contain {@code labelFilter}. */
    static double controller(ControllerRuntime runtime, String name, String labelFilter) {
        String text = get("http://127.0.0.1:" + runtime.httpPort() + "/metrics");
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name) && m.group(2).contains(labelFilter)) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    static String get(String url) {
        return send(url).body();
    }

    static int status(String url) {
        return send(url).statusCode();
    }

    private static HttpResponse<String> send(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String label(String labels, String name) {
        Matcher m = LABEL.matcher(labels);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return "";
    }
}
