package dev.kstack.compose.model;

import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One {@code volumes} entry of a service in long form. The short form {@code source:target[:options]} is
 * normalized: a source starting with {@code .}, {@code /} or {@code ~} is a bind mount (relative paths resolved
 * against the project directory), any other source a named volume, no source an anonymous volume.
 */
public record ServiceVolume(
        @OneOf({"volume", "bind", "tmpfs", "npipe", "cluster", "image"}) String type,
        Optional<String> source,
        String target,
        Optional<Boolean> readOnly,
        Optional<String> consistency,
        Optional<Bind> bind,
        Optional<VolumeOptions> volume,
        Optional<Tmpfs> tmpfs,
        Optional<ImageOptions> image,
        @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {

    /** Options of a bind mount. */
    public record Bind(
            @OneOf({"private", "rprivate", "shared", "rshared", "slave", "rslave"}) Optional<String> propagation,
            Optional<Boolean> createHostPath,
            @OneOf({"z", "Z"}) Optional<String> selinux,
            Optional<String> recursive,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** Options of a named volume mount. */
    public record VolumeOptions(
            Optional<Boolean> nocopy,
            Optional<String> subpath,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** Options of a tmpfs mount. */
    public record Tmpfs(
            Optional<ByteSize> size,
            Optional<Integer> mode,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** Options of an image mount. */
    public record ImageOptions(
            Optional<String> subpath,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }
}
