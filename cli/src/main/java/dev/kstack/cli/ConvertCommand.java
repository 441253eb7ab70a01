package dev.kstack.cli;

import dev.kstack.api.Dns1123;
import dev.kstack.compose.ComposeException;
import dev.kstack.compose.Diagnostic;
import dev.kstack.convert.Manifests;
import dev.kstack.convert.chart.HelmChart;
import dev.kstack.convert.compose.ComposeConversion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kstack convert}: prints the Kubernetes objects of a compose application, as {@code kubectl apply -f -}
 * reads them (or one file per object, or a Helm chart of them). Warnings go to stderr, one line each.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert compose files to the Kubernetes objects kstack would create.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converted (warnings, if any, on stderr)",
            "1:a file could not be read or written",
            "2:bad usage, or the compose files do not load or do not make a valid stack"})
public final class ConvertCommand implements Callable<Integer> {
    /** Output formats. */
    public enum Format { YAML, JSON, KUSTOMIZE }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ComposeOptions compose = new ComposeOptions();

    @Option(names = "--stack", paramLabel = "NAME", description = "Stack name (default: the compose project name, see -p).")
    String stack = "";

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace to set on every object (default: none, kubectl's current namespace).")
    String namespace = "";

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json, or kustomize (with "
            + "--output-dir: the YAML files and a kustomization.yaml listing them) (default: ${DEFAULT-VALUE}).")
    Format format = Format.YAML;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write one file per object into DIR.")
    Path outputDir;

    @Option(names = "--chart", paramLabel = "DIR", description = "Write a Helm chart of the stack into DIR: Chart.yaml, "
            + "values.yaml (per service: image, replicas, resources, the published ports' Service type), templates/.")
    Path chartDir;

    @Option(names = "--name", paramLabel = "NAME", description = "With --chart: the chart's name (default: the stack's).")
    String chartName = "";

    @Option(names = "--force", description = "With --chart: write into a DIR that is not empty, replacing its "
            + "Chart.yaml, values.yaml and templates/.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String usage = usageError();
        if (usage != null) {
            err.println("error: " + usage);
            return ExitCodes.USAGE;
        }
        ComposeConversion.Converted converted;
        try {
            converted = ComposeConversion.convert(compose.loadOptions(), stack, namespace);
        } catch (ComposeException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d);
            }
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        converted.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        try {
            if (chartDir != null) {
                String name = chartName.isEmpty() ? converted.stackName() : chartName;
                ChartFiles.write(chartDir, force, HelmChart.of(name, converted.stackName(),
                        "kstack " + VersionCommand.clientVersion(), converted.objects()));
                err.println("wrote the chart " + name + " (" + converted.objects().size() + " objects) to " + chartDir);
            } else if (outputDir != null) {
                writeFiles(converted.objects());
            } else {
                PrintWriter out = spec.commandLine().getOut();
                String text = format == Format.JSON ? Manifests.json(converted.objects())
                        : Manifests.yaml(converted.objects());
                out.print(text);
                out.flush();
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** What the options say that cannot be done, or null. */
    private String usageError() {
        if (format == Format.KUSTOMIZE && outputDir == null && chartDir == null) {
            return "-o kustomize writes a directory: give it with --output-dir DIR";
        }
        if (chartDir == null) {
            return !chartName.isEmpty() || force ? "--name and --force go with --chart" : null;
        }
        if (outputDir != null || format != Format.YAML) {
            return "--chart writes a chart of YAML templates; it does not go with --output-dir, -o json or -o kustomize";
        }
        if (!chartName.isEmpty() && !Dns1123.isLabel(chartName)) {
            return "--name " + chartName + ": " + Dns1123.labelError(chartName, Dns1123.LABEL_MAX);
        }
        return ChartFiles.refusal(chartDir, force);
    }

    /**
     * One file per object, numbered in apply order: {@code 01-service-web.yaml}; with {@code -o kustomize} also a
     * {@code kustomization.yaml} whose {@code resources} list them in that order ({@code kubectl apply -k DIR}).
     */
    private void writeFiles(List<HasMetadata> objects) throws IOException {
        Files.createDirectories(outputDir);
        String ext = format == Format.JSON ? "json" : "yaml";
        int width = String.valueOf(objects.size()).length();
        StringBuilder kustomization = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources:\n");
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = objects.get(i);
            String name = String.format("%0" + width + "d-%s", i + 1, Manifests.fileName(o, ext));
            String text = format == Format.JSON ? Manifests.json(o) : Manifests.yaml(o);
            Files.writeString(outputDir.resolve(name), text, StandardCharsets.UTF_8);
            kustomization.append("- ").append(name).append('\n');
        }
        if (format == Format.KUSTOMIZE) {
            Files.writeString(outputDir.resolve("kustomization.yaml"), kustomization.toString(), StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("wrote " + objects.size() + " files and kustomization.yaml to "
                    + outputDir);
        } else {
            spec.commandLine().getErr().println("wrote " + objects.size() + " files to " + outputDir);
        }
    }
}
