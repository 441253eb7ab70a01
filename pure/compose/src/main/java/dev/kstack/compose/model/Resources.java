package dev.kstack.compose.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.model.Syntax.Form;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The top-level resources a project declares besides its services. */
public final class Resources {
    private Resources() {
    }

    /**
     * A top-level {@code networks} entry.
     *
     * @param nameDefaulted true when the file gave no {@code name:} and the loader derived it
     *                      ({@code <project>_<key>}, or the key when external)
     */
    public record Network(
            Optional<Boolean> attachable,
            Optional<String> driver,
            @Syntax(Form.KEY_VALUE) Map<String, String> driverOpts,
            Optional<Boolean> enableIpv4,
            Optional<Boolean> enableIpv6,
            Optional<Boolean> external,
            Optional<Boolean> internal,
            Optional<Ipam> ipam,
            @Syntax(Form.KEY_VALUE) Map<String, String> labels,
            Optional<String> name,
            @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions,
            @Syntax(Form.LOADER) Boolean nameDefaulted) {
    }

    /** IP address management of a network. */
    public record Ipam(
            Optional<String> driver,
            List<Pool> config,
            @Syntax(Form.KEY_VALUE) Map<String, String> options,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
        /** One address pool. */
        public record Pool(
                Optional<String> subnet,
                Optional<String> ipRange,
                Optional<String> gateway,
                @Syntax(Form.KEY_VALUE) Map<String, String> auxAddresses,
                @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
        }
    }

    /**
     * A top-level {@code volumes} entry.
     *
     * @param nameDefaulted true when the file gave no {@code name:} and the loader derived it
     *                      ({@code <project>_<key>}, or the key when external)
     */
    public record Volume(
            Optional<String> driver,
            @Syntax(Form.KEY_VALUE) Map<String, String> driverOpts,
            Optional<Boolean> external,
            @Syntax(Form.KEY_VALUE) Map<String, String> labels,
            Optional<String> name,
            @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions,
            @Syntax(Form.LOADER) Boolean nameDefaulted) {
    }

    /**
     * A top-level {@code secrets} or {@code configs} entry: its content comes from exactly one of
     * {@code file} (resolved to an absolute path), {@code environment}, {@code content} or {@code external}.
     */
    public record FileObject(
            Optional<String> content,
            Optional<String> driver,
            @Syntax(Form.KEY_VALUE) Map<String, String> driverOpts,
            Optional<String> environment,
            Optional<Boolean> external,
            Optional<String> file,
            @Syntax(Form.KEY_VALUE) Map<String, String> labels,
            Optional<String> name,
            Optional<String> templateDriver,
            @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** A top-level {@code models} entry. */
    public record Model(
            Optional<String> name,
            String model,
            Optional<Integer> contextSize,
            List<String> runtimeFlags,
            @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }
}
