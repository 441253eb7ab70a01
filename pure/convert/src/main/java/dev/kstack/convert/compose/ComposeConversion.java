package dev.kstack.convert.compose;

import dev.kstack.api.ContentDigests;
import dev.kstack.api.DependencyGraph;
import dev.kstack.api.StackSpec;
import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.LoadOptions;
import dev.kstack.compose.LoadResult;
import dev.kstack.convert.ConversionResult;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compose files → Kubernetes objects, end to end: load, map to a Stack, convert, and add the Secrets and
 * ConfigMaps of the stack's own secrets and configs. This is what {@code kstack convert} prints and what a
 * {@code kubectl apply --dry-run=server} test feeds to a cluster.
 */
public final class ComposeConversion {
    /**
     * The stack's name and spec, the objects (Secrets and ConfigMaps first), all warnings sorted, the graph, and the
     * digests of the Secrets' and ConfigMaps' contents (to record on the Stack, see {@link ContentDigests}).
     */
    public record Converted(String stackName, StackSpec spec, List<HasMetadata> objects, List<String> warnings,
            DependencyGraph dependencies, ContentDigests digests) {
        public Converted {
            objects = List.copyOf(objects);
            warnings = List.copyOf(warnings);
        }
    }

    private ComposeConversion() {
    }

    /**
     * Converts the compose files of {@code options}.
     *
     * @param stackName the stack's name; empty means the compose project's name
     * @param namespace the namespace to put on every object; empty leaves it unset
     * @throws ComposeException when the files do not load, or when what they say cannot be expressed on Kubernetes
     *         (a relative bind mount, a name no derivation makes valid): every diagnostic with file, line and column
     * @throws IOException when a secret or config file cannot be read
     */
    public static Converted convert(LoadOptions options, String stackName, String namespace)
            throws ComposeException, IOException {
        return convert(ComposeLoader.load(options), options, stackName, namespace, Map.of());
    }

    /**
     * Converts files already loaded with {@code options}, with the images {@code kstack build} pushed (service name →
     * {@code registry/name@sha256:...}) in place of those services' {@code image} and {@code build}.
     */
    public static Converted convert(LoadResult loaded, LoadOptions options, String stackName, String namespace,
            Map<String, String> built) throws ComposeException, IOException {
        ComposeToStack.MappedStack mapped;
        ConversionResult result;
        ReferencedFiles.Result files;
        try {
            mapped = ComposeToStack.map(loaded.project(), stackName, options.environment().getOrDefault("HOME", ""),
                    built);
            files = ReferencedFiles.of(loaded.project(), mapped.name(), namespace, options.environment());
            result = StackConverter.convert(new StackInput(mapped.name(), namespace, mapped.spec(),
                    files.secretDigests(), files.configDigests()));
        } catch (InvalidStackException e) {
            throw new ComposeException(e.problems().stream()
                    .map(p -> loaded.locations().diagnostic(p.path(), p.message())).toList());
        }
        TreeSet<String> warnings = new TreeSet<>(loaded.notes());
        warnings.addAll(mapped.warnings());
        warnings.addAll(result.warnings());
        List<HasMetadata> objects = new ArrayList<>(files.objects());
        objects.addAll(result.objects());
        return new Converted(mapped.name(), mapped.spec(), objects, List.copyOf(warnings), result.dependencies(),
                new ContentDigests(files.secretDigests(), files.configDigests()));
    }
}
