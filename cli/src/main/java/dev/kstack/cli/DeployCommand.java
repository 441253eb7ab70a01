package dev.kstack.cli;

import dev.kstack.api.Stack;
import dev.kstack.api.StackStatus;
import dev.kstack.cli.build.BuildException;
import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.LoadOptions;
import dev.kstack.compose.LoadResult;
import dev.kstack.convert.compose.ComposeConversion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kstack deploy}: validates the compose files locally, writes the stack's Secrets and ConfigMaps and the
 * Stack, then waits, one line per service, until every replica is ready.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a new stack or update an existing one, and wait until it is stable.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the stack is stable and running (or written, with --detach)",
            "1:the stack failed, the wait timed out, or the cluster refused a request",
            "2:bad usage, or the compose files are invalid (file:line:col on stderr)"})
final class DeployCommand extends ClusterCommand {
    @Mixin
    ComposeOptions compose = new ComposeOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Option(names = "--prune", description = "Delete the stack's Secrets and ConfigMaps that the files no longer define.")
    boolean prune;

    @Option(names = {"-d", "--detach"}, description = "Return once the stack is written, without waiting.")
    boolean detach;

    @Option(names = "--build", description = "Build and push the images of services with a build section first,"
            + " and deploy them by digest (see kstack build).")
    boolean buildImages;

    @Mixin
    BuildOptions build = new BuildOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "How long to wait for the stack to be stable (default: ${DEFAULT-VALUE}; 0: no limit).")
    Duration timeout;

    @Override
    protected void checkUsage() {
        if (compose.files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--compose-file=FILE'");
        }
        if (!buildImages && (!build.registry.isEmpty() || build.builder != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--registry and --builder need --build");
        }
    }

    @Override
    protected int run(KubernetesClient client, String namespace) {
        ComposeConversion.Converted converted;
        try {
            LoadOptions options = compose.loadOptions();
            LoadResult loaded = ComposeLoader.load(options);
            Map<String, String> built = buildImages ? build.buildAndPush(loaded.project(), compose, List.of(), out(), err())
                    : Map.of();
            converted = ComposeConversion.convert(loaded, options, name, namespace, built);
        } catch (BuildException e) {
            return BuildOptions.report(e, err());
        } catch (ComposeException e) {
            e.diagnostics().stream().map(Diagnostic::toString).forEach(err()::println);
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        converted.warnings().forEach(w -> err().println("warning: " + w));
        err().flush();

        StackFiles stackFiles = new StackFiles(client, namespace, name);
        List<HasMetadata> sources = StackFiles.sources(converted.objects());
        for (HasMetadata object : sources) {
            StackFiles.Outcome o = stackFiles.apply(object);
            if (o != StackFiles.Outcome.UNCHANGED) {
                out().println(object.getKind() + " " + object.getMetadata().getName() + " " + o.word());
            }
        }
        StackStore.Outcome outcome = new StackStore(client).createOrUpdate(namespace, name, converted.spec(),
                converted.digests());
        out().println(switch (outcome) {
            case CREATED -> "Creating stack " + name;
            case UPDATED -> "Updating stack " + name;
            case UNCHANGED -> "Stack " + name + " is unchanged";
        });
        if (prune) {
            stackFiles.pruneExcept(sources).forEach(o -> out().println(o + " deleted (pruned)"));
        }
        if (detach) {
            return ExitCodes.OK;
        }
        return await(client, namespace);
    }

    private int await(KubernetesClient client, String namespace) {
        out().println("Waiting for the stack to be stable and running...");
        out().flush();
        StackStore store = new StackStore(client);
        ProgressDisplay display = new ProgressDisplay(out(), ProgressDisplay.stdoutIsTerminal());
        AtomicReference<Stack> last = new AtomicReference<>();
        boolean settled = Waits.until(timeout, () -> {
            Stack stack = store.require(namespace, name);
            last.set(stack);
            display.show(ServiceProgress.of(stack));
            return StackOutcome.of(stack) != StackOutcome.WAITING;
        });
        Stack stack = last.get();
        out().println();
        if (!settled) {
            err().println("error: stack " + name + " is not stable after " + DurationConverter.format(timeout)
                    + ": " + StackOutcome.waitingReason(stack));
            return ExitCodes.FAILURE;
        }
        if (StackOutcome.of(stack) == StackOutcome.FAILED) {
            err().println("error: stack " + name + " failed: " + stack.status().message());
            return ExitCodes.FAILURE;
        }
        out().println("Stack " + name + " is stable and running");
        return ExitCodes.OK;
    }

    /** Where a deploy stands, judged from the Stack alone. */
    enum StackOutcome {
        WAITING, STABLE, FAILED;

        static StackOutcome of(Stack stack) {
            if (!ServiceProgress.observedCurrent(stack)) {
                return WAITING;
            }
            String phase = stack.status().phase();
            if (StackStatus.FAILURE.equals(phase)) {
                return FAILED;
            }
            boolean allReady = ServiceProgress.of(stack).stream().allMatch(ServiceProgress::isReady);
            return StackStatus.AVAILABLE.equals(phase) && allReady ? STABLE : WAITING;
        }

        /** Why a stack is still waiting, for the timeout message. */
        static String waitingReason(Stack stack) {
            if (stack.status() == null || stack.status().phase().isEmpty()) {
                return "no controller has reconciled it (is kstack installed? try: kstack install --run-local)";
            }
            if (!ServiceProgress.observedCurrent(stack)) {
                return "the controller has not reconciled its latest change (status: "
                        + stack.status().phase() + ")";
            }
            return stack.status().phase() + " (" + stack.status().message() + ")";
        }
    }
}
