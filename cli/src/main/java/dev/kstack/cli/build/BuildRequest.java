package dev.kstack.cli.build;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What to build for one service, read from its compose {@code build} section, and where to push it.
 *
 * @param args and {@code labels}: sorted by name, so that a command line is the same from run to run
 * @param context the context folder (absolute) or a remote context (a Git URL)
 * @param dockerfile the Dockerfile's path (absolute), if the section names one
 * @param dockerfileInline the Dockerfile's text, if the section gives it inline
 * @param secrets BuildKit secrets: {@code id} and a file or an environment variable
 * @param extraHosts as the loader normalizes them, {@code host=ip}
 * @param platform one target platform, if the section asks for exactly one
 * @param tag where the image is pushed: {@code <registry>/<image name>}
 */
public record BuildRequest(String service, String context, Optional<String> dockerfile,
        Optional<String> dockerfileInline, Map<String, String> args, Optional<String> target,
        Map<String, String> labels, List<String> ssh, List<Secret> secrets, List<String> cacheFrom,
        List<String> extraHosts, Optional<String> network, boolean noCache, boolean pull, Optional<String> platform,
        String tag) {
    public BuildRequest {
        args = Collections.unmodifiableSortedMap(new TreeMap<>(args));
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        ssh = List.copyOf(ssh);
        secrets = List.copyOf(secrets);
        cacheFrom = List.copyOf(cacheFrom);
        extraHosts = List.copyOf(extraHosts);
    }

    /** A build secret: its id inside the build and where its value comes from. */
    public record Secret(String id, Optional<String> file, Optional<String> environment) {
    }

    /** Whether the build needs BuildKit with the Docker CLI ({@code --ssh}, {@code --secret}). */
    boolean needsBuildKit() {
        return !ssh.isEmpty() || !secrets.isEmpty();
    }
}
