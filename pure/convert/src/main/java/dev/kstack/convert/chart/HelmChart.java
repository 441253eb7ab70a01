package dev.kstack.convert.chart;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kstack.convert.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Helm chart of converted objects, as files by their path in the chart: {@code Chart.yaml}, {@code values.yaml}
 * with what a user of the chart overrides per compose service, {@code templates/NOTES.txt} and one template per
 * object ({@code templates/deployment-web.yaml}). Rendered with its default values, the chart gives exactly the
 * objects it was made from.
 *
 * <p>The values of a service sit under {@code services.<compose name>} and the templates read them with
 * {@code index .Values.services "<compose name>"}, so that every compose name works as it is ({@code db-server},
 * {@code front_end}, {@code web.1}): {@code image} (the main container's, and of the containers that share it),
 * {@code replicas} (Deployments and StatefulSets), {@code resources} (the main container's requests and limits)
 * and {@code publishedServiceType} (the type of the LoadBalancer Services of its published ports).
 */
public record HelmChart(String name, SortedMap<String, String> files) {
    public static final String VERSION = "0.1.0";
    /** The values of a service, in the order values.yaml lists them. */
    static final List<String> KEYS = List.of("image", "replicas", "resources", "publishedServiceType");

    public HelmChart {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * The chart {@code name} of {@code objects}, the objects of the stack {@code stack}.
     *
     * @param generator what made the chart, for its description ({@code kstack 1.2.0})
     */
    public static HelmChart of(String name, String stack, String generator, List<HasMetadata> objects) {
        SortedMap<String, String> files = new TreeMap<>();
        ObjectNode services = JsonNodeFactory.instance.objectNode();
        for (HasMetadata o : objects) {
            String path = "templates/" + Manifests.fileName(o, "yaml");
            if (files.put(path, ChartTemplate.of(o, services)) != null) {
                throw new IllegalArgumentException("two objects would be written to " + path);
            }
        }
        files.put("Chart.yaml", chartYaml(name, stack, generator));
        files.put("values.yaml", valuesYaml(stack, services));
        files.put("templates/NOTES.txt", notes(stack));
        return new HelmChart(name, files);
    }

    private static String chartYaml(String name, String stack, String generator) {
        return "apiVersion: v2\n"
                + "name: " + name + "\n"
                + "description: " + ChartTemplate.goString("The compose stack " + stack + " on Kubernetes, exported by "
                        + generator + " (kstack convert --chart)") + "\n"
                + "type: application\n"
                + "version: " + VERSION + "\n"
                + "# A compose file says nothing of the application's version: set it here.\n"
                + "appVersion: \"" + VERSION + "\"\n";
    }

    private static String valuesYaml(String stack, ObjectNode services) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode sorted = root.putObject("services");
        services.properties().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode service = sorted.putObject(e.getKey());
            for (String key : KEYS) {
                if (e.getValue().has(key)) {
                    service.set(key, e.getValue().get(key));
                }
            }
        });
        return "# Per compose service of the stack " + stack + ", under its compose name (the templates read it with\n"
                + "# `index .Values.services \"NAME\"`, so any compose name works; with --set, write a dot in a name as \\.):\n"
                + "#   image: the image of the service's container (and of its pre_start init containers)\n"
                + "#   replicas: the pods of a Deployment or StatefulSet (a global service, a DaemonSet, has none)\n"
                + "#   resources: the container's requests and limits, as Kubernetes writes them ({} for none)\n"
                + "#   publishedServiceType: the type of the Services of the published ports (LoadBalancer; NodePort\n"
                + "#     where the cluster has no load balancer)\n"
                + "# Everything else is in the templates as kstack convert prints it.\n"
                + Manifests.yaml(root);
    }

    private static String notes(String stack) {
        return "The compose stack " + stack + " is installed as the release {{ .Release.Name }} in the namespace "
                + "{{ .Release.Namespace }}.\n"
                + "Its objects: kubectl get all -n {{ .Release.Namespace }} -l com.docker.stack.namespace=" + stack + "\n";
    }
}
