package dev.kstack.compose.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.model.Syntax.Form;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code build} of a service; a plain string is the context. The context is resolved to an absolute path. */
public record Build(
        @Syntax(Form.KEY_VALUE) Map<String, String> additionalContexts,
        @Syntax(Form.KEY_VALUE) Map<String, String> args,
        List<String> cacheFrom,
        List<String> cacheTo,
        Optional<String> context,
        Optional<String> dockerfile,
        Optional<String> dockerfileInline,
        List<String> entitlements,
        @Syntax(Form.EXTRA_HOSTS) List<String> extraHosts,
        Optional<String> isolation,
        @Syntax(Form.KEY_VALUE) Map<String, String> labels,
        Optional<String> network,
        Optional<Boolean> noCache,
        List<String> platforms,
        Optional<Boolean> privileged,
        Optional<String> provenance,
        Optional<Boolean> pull,
        Optional<String> sbom,
        List<FileReference> secrets,
        Optional<ByteSize> shmSize,
        @Syntax(Form.LIST_OR_MAP) List<String> ssh,
        List<String> tags,
        Optional<String> target,
        Map<String, Service.Ulimit> ulimits,
        @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {
}
