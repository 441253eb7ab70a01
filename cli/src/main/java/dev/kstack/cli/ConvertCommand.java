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
    public enum Format { YAML, JSON }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ComposeOptions compose = new ComposeOptions();

    @Option(names = "--stack", paramLabel = "NAME", description = "Stack name (default: the compose project name, see -p).")
    String stack = "";

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace to set on every object (default: none, kubectl's current namespace).")
    String namespace = "";

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml or json (default: ${DEFAULT-VALUE}).")
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
        if (chartDir == null) {
            return !chartName.isEmpty() || force ? "--name and --force go with --chart" : null;
        }
        if (outputDir != null || format != Format.YAML) {
            return "--chart writes a chart of YAML templates; it does not go with --output-dir or -o json";
        }
        if (!chartName.isEmpty() && !Dns1123.isLabel(chartName)) {
            return "--name " + chartName + ": " + Dns1123.labelError(chartName, Dns1123.LABEL_MAX);
        }
        return ChartFiles.refusal(chartDir, force);
    }

    /** One file per object, numbered in apply order: {@code 01-service-web.yaml}. */
    private void writeFiles(List<HasMetadata> objects) throws IOException {
        Files.createDirectories(outputDir);
        String ext = format == Format.JSON ? "json" : "yaml";
        int width = String.valueOf(objects.size()).length();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = objects.get(i);
            String name = String.format("%0" + width + "d-%s", i + 1, Manifests.fileName(o, ext));
            String text = format == Format.JSON ? Manifests.json(o) : Manifests.yaml(o);
            Files.writeString(outputDir.resolve(name), text, StandardCharsets.UTF_8);
        }
        spec.commandLine().getErr().println("wrote " + objects.size() + " files to " + outputDir);
    }
}
