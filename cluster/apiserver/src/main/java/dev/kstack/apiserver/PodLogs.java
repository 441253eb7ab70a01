package dev.kstack.apiserver;

import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code log} subresource: the logs of the stack's pods (label {@code com.docker.stack.namespace=<stack>}),
 * read through kube-apiserver with the server's identity, each line prefixed with its pod's name
 * ({@code <pod> <line>}). {@code tail=N} gives the last N lines of each pod, {@code filter=<regex>} keeps the pods
 * whose name matches, {@code follow=true} streams until the client goes away or every stream ended.
 */
public final class PodLogs {
    private final KubernetesClient client;

    public PodLogs(KubernetesClient client) {
        this.client = client;
    }

    /** The query of a log request. */
    record Options(boolean follow, Integer tail, Pattern filter) {
        static Options of(Map<String, String> q) {
            Integer tail = null;
            if (q.containsKey("tail") && !q.get("tail").isEmpty() && !q.get("tail").equals("-1")) {
                try {
                    tail = Integer.parseInt(q.get("tail"));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("tail must be a number");
                }
            }
            Pattern filter = null;
            if (q.containsKey("filter") && !q.get("filter").isEmpty()) {
                try {
                    filter = Pattern.compile(q.get("filter"));
                } catch (PatternSyntaxException e) {
                    throw ApiException.badRequest("filter is not a regular expression: " + e.getDescription());
                }
            }
            return new Options("true".equals(q.get("follow")), tail, filter);
        }
    }

    void stream(HttpExchange exchange, String namespace, String stack, Options options) throws IOException {
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(namespace)
                .withLabel("com.docker.stack.namespace", stack).list().getItems());
        pods.removeIf(p -> options.filter() != null && !options.filter().matcher(p.getMetadata().getName()).find());
        pods.sort(java.util.Comparator.comparing(p -> p.getMetadata().getName()));
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (!options.follow()) {
            for (Pod pod : pods) {
                String text;
                try {
                    text = pod(namespace, pod, options).getLog();
                } catch (RuntimeException e) {
                    text = "(no logs: " + e.getMessage() + ")\n";
                }
                write(out, pod.getMetadata().getName(), text);
            }
            out.flush();
            return;
        }
        follow(out, namespace, pods, options);
    }

    private void follow(OutputStream out, String namespace, List<Pod> pods, Options options) throws IOException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<LogWatch> watches = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (Pod pod : pods) {
                LogWatch watch = pod(namespace, pod, options).watchLog();
                watches.add(watch);
                String name = pod.getMetadata().getName();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getOutput(),
                            StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.add(name + " " + line + "\n");
                        }
                    } catch (IOException e) {
                        // the stream ended
                    }
                }, "kstack-log-" + name);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            while (readers.stream().anyMatch(Thread::isAlive) || !lines.isEmpty()) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watches.forEach(LogWatch::close);
        }
    }

    private PodResource pod(String namespace, Pod pod, Options options) {
        PodResource resource = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
        return options.tail() == null ? resource : (PodResource) resource.tailingLines(options.tail());
    }

    static void write(OutputStream out, String pod, String text) throws IOException {
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.write((pod + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
