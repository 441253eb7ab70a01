package dev.kstack.cli;

import dev.kstack.cli.build.BuildException;
import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code kstack build}: builds the images of the services with a {@code build} section, pushes them and prints the
 * digest-pinned references that {@code kstack deploy --build} deploys.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the images of services with a build section, push them, and print their digests.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every image was built and pushed",
            "1:no builder is usable, or a build or push failed (the builder's last lines on stderr)",
            "2:bad usage, the compose files are invalid, or an image has no registry to be pushed to"})
final class BuildCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ComposeOptions compose = new ComposeOptions();

    @Mixin
    BuildOptions build = new BuildOptions();

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to build (default: all with build).")
    List<String> services = new ArrayList<>();

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try {
            LoadResult loaded = ComposeLoader.load(compose.loadOptions());
            Map<String, String> built = build.buildAndPush(loaded.project(), compose, services, out, err);
            built.forEach((service, ref) -> out.println(service + "\t" + ref));
            return ExitCodes.OK;
        } catch (ComposeException e) {
            e.diagnostics().stream().map(Diagnostic::toString).forEach(err::println);
            return ExitCodes.USAGE;
        } catch (BuildException e) {
            return BuildOptions.report(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
