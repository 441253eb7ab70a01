package dev.kstack.cli;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.StackSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kstack scale NAME SERVICE=N...}: sets the replicas of services of a stack. */
@Command(name = "scale", mixinStandardHelpOptions = true, description = "Set the number of replicas of services.")
final class ScaleCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Stack name.")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "SERVICE=REPLICAS", description = "e.g. words=3")
    List<String> assignments = new ArrayList<>();

    @Override
    protected int run(KubernetesClient client, String namespace) {
        Map<String, Long> wanted = parse(spec.commandLine(), assignments);
        new StackStore(client).updateSpec(namespace, name, current -> scaled(current, wanted));
        wanted.forEach((service, n) -> out().println(name + ": " + service + " scaled to " + n));
        return ExitCodes.OK;
    }

    /** {@code words=3} → words: 3; anything else is a usage error. */
    static Map<String, Long> parse(CommandLine cli, List<String> assignments) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0 || !a.substring(eq + 1).matches("\\d{1,6}")) {
                throw new CommandLine.ParameterException(cli,
                        "'" + a + "' is not SERVICE=REPLICAS with REPLICAS a whole number (e.g. words=3)");
            }
            out.put(a.substring(0, eq), Long.parseLong(a.substring(eq + 1)));
        }
        return out;
    }

    /** The spec with the replicas set; an unknown or global service is refused. */
    static StackSpec scaled(StackSpec spec, Map<String, Long> wanted) {
        Set<String> known = spec.services().stream().map(ServiceConfig::name).collect(Collectors.toSet());
        for (String service : wanted.keySet()) {
            if (!known.contains(service)) {
                throw new CommandFailure(ExitCodes.USAGE, "the stack has no service \"" + service + "\" (services: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
        List<ServiceConfig> services = new ArrayList<>();
        for (ServiceConfig s : spec.services()) {
            Long n = wanted.get(s.name());
            if (n != null && s.deploy().global()) {
                throw new CommandFailure(ExitCodes.USAGE, "service \"" + s.name() + "\" is global: it runs one pod per node and cannot be scaled");
            }
            services.add(n == null ? s : s.toBuilder().deploy(s.deploy().withReplicas(n)).build());
        }
        return new StackSpec(services, spec.secrets(), spec.configs(), spec.volumes(), spec.networks(),
                spec.networkPolicies());
    }
}
