package dev.kstack.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kstack logs NAME [SERVICE]}: the logs of a stack's pods (through the API's pods/log), merged in time
 * order, each line prefixed with its pod; with {@code -f} it keeps following, picks up new pods, and ends when the
 * stack is gone.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the logs of a stack's pods.")
final class LogsCommand extends ClusterCommand {
    private static final Duration NEW_POD_POLL = Duration.ofSeconds(2);

    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SERVICE", description = "Only this service.")
    String service;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the stack is removed (or Ctrl-C).")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1",
            description = "Lines to show from the end of each pod's log (default: all).")
    int tail;

    @Option(names = "--no-color", description = "Never colour the prefixes (they are coloured on a terminal).")
    boolean noColour;

    @Override
    protected int run(KubernetesClient client, String namespace) {
        new StackStore(client).require(namespace, name);
        List<Pod> pods = StackPods.list(client, namespace, name, service);
        LogLines format = new LogLines(pods.stream().map(p -> LogLines.source(StackPods.service(p),
                p.getMetadata().getName())).toList(), pods.stream().map(StackPods::service).distinct().toList(),
                !noColour && ProgressDisplay.stdoutIsTerminal());
        if (!follow) {
            List<List<LogLines.Line>> perPod = new ArrayList<>();
            Map<String, String> serviceOf = new ConcurrentHashMap<>();
            for (Pod pod : pods) {
                String source = LogLines.source(StackPods.service(pod), pod.getMetadata().getName());
                serviceOf.put(source, StackPods.service(pod));
                String text = log(client, namespace, pod).getLog();
                perPod.add(text == null || text.isEmpty() ? List.of()
                        : text.lines().map(l -> LogLines.parse(source, l)).toList());
            }
            LogLines.merge(perPod).forEach(l -> out().println(format.format(serviceOf.get(l.source()), l)));
            return ExitCodes.OK;
        }
        return followAll(client, namespace, format);
    }

    private PodResource pod(KubernetesClient client, String namespace, Pod pod) {
        return client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
    }

    private io.fabric8.kubernetes.client.dsl.Loggable log(KubernetesClient client, String namespace, Pod pod) {
        var p = pod(client, namespace, pod).usingTimestamps();
        return tail >= 0 ? p.tailingLines(tail) : p;
    }

    private int followAll(KubernetesClient client, String namespace, LogLines format) {
        Map<String, Thread> followed = new ConcurrentHashMap<>();
        StackStore store = new StackStore(client);
        while (true) {
            for (Pod pod : StackPods.list(client, namespace, name, service)) {
                String podName = pod.getMetadata().getName();
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                        && !followed.containsKey(podName)) {
                    Thread t = new Thread(() -> followOne(client, namespace, pod, format), "log-" + podName);
                    t.setDaemon(true);
                    followed.put(podName, t);
                    t.start();
                }
            }
            if (store.get(namespace, name).isEmpty()) {
                followed.values().forEach(LogsCommand::join);
                return ExitCodes.OK;
            }
            Waits.sleep(NEW_POD_POLL);
        }
    }

    private void followOne(KubernetesClient client, String namespace, Pod pod, LogLines format) {
        String svc = StackPods.service(pod);
        String source = LogLines.source(svc, pod.getMetadata().getName());
        var resource = pod(client, namespace, pod);
        try (LogWatch watch = (tail >= 0 ? resource.tailingLines(tail) : resource).watchLog();
             BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    out().println(format.format(svc, new LogLines.Line("", source, line)));
                    out().flush();
                }
            }
        } catch (IOException | KubernetesClientException e) {
            // the pod went away: its stream ends
        }
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
