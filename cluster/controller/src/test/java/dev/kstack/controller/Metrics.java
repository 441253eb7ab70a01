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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    /**
     * Every request kube-apiserver has served, by {@code "VERB resource[/subresource]"}, from
     * {@code apiserver_request_total}; a response code of 400 or more is added ({@code " 404"}), and
     * {@code " (protobuf)"} when the client asked for protobuf (Go clients: the Kubernetes components; kstack, the
     * test and kubectl ask for JSON). kube-apiserver 1.20 counts a GET of one custom resource as a namespaced LIST
     * (one {@code GET /apis/compose.docker.com/v1alpha3/namespaces/n/stacks/s} adds one to it): those are given the
     * verb GET here. WATCH is counted when a watch ends.
     */
    static Map<String, Long> apiServerRequests(KubernetesClient admin) {
        Map<String, Long> out = new TreeMap<>();
        for (String[] s : samples(admin, "apiserver_request_total")) {
            String sub = label(s[0], "subresource");
            String code = label(s[0], "code");
            String verb = label(s[0], "verb");
            if (verb.equals("LIST") && label(s[0], "scope").equals("namespace")
                    && label(s[0], "group").equals("compose.docker.com")) {
                verb = "GET";
            }
            String key = verb + " " + label(s[0], "resource") + (sub.isEmpty() ? "" : "/" + sub)
                    + (code.compareTo("400") >= 0 ? " " + code : "")
                    + (label(s[0], "contentType").contains("protobuf") ? " (protobuf)" : "");
            out.merge(key, (long) Double.parseDouble(s[1]), Long::sum);
        }
        return out;
    }

    /** The admission webhook calls kube-apiserver has made, by {@code "type name operation"}. */
    static Map<String, Long> admissionWebhookCalls(KubernetesClient admin) {
        Map<String, Long> out = new TreeMap<>();
        for (String[] s : samples(admin, "apiserver_admission_webhook_admission_duration_seconds_count")) {
            out.merge(label(s[0], "type") + " " + label(s[0], "name") + " " + label(s[0], "operation"),
                    (long) Double.parseDouble(s[1]), Long::sum);
        }
        return out;
    }

    /**
     * The calls kube-apiserver has made to the Stack CRD's conversion webhook, by {@code "from -> to"} (a failed one:
     * {@code " failed"}): each read of a stack in a version other than the stored one is one.
     */
    static Map<String, Long> conversionWebhookCalls(KubernetesClient admin) {
        Map<String, Long> out = new TreeMap<>();
        for (String[] s : samples(admin, "apiserver_crd_webhook_conversion_duration_seconds_count")) {
            out.merge(label(s[0], "from_version") + " -> " + label(s[0], "to_version")
                    + (label(s[0], "succeeded").equals("true") ? "" : " failed"),
                    (long) Double.parseDouble(s[1]), Long::sum);
        }
        return out;
    }

    /** {@code after - before} per key, keys whose difference is zero left out. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** The labels and the value of each sample of {@code name} in kube-apiserver's /metrics. */
    private static List<String[]> samples(KubernetesClient admin, String name) {
        String base = admin.getMasterUrl().toString();
        String text = admin.raw(base.endsWith("/") ? base + "metrics" : base + "/metrics");
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                out.add(new String[] {m.group(2), m.group(3)});
            }
        }
        return out;
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
