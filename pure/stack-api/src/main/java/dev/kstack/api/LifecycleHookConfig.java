package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * kstack: one compose lifecycle hook ({@code pre_start}, {@code post_start}, {@code pre_stop}): a command run as is
 * (no shell unless the command is one), with its own user ({@code uid[:gid]} as compose writes it), privilege,
 * working directory and environment (a value is null when the compose file named a variable that was not set).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LifecycleHookConfig(
        List<String> command,
        String user,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean privileged,
        @JsonProperty("working_dir") String workingDir,
        @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        Map<String, String> environment) {
    public LifecycleHookConfig {
        command = Values.list(command);
        user = Values.string(user);
        workingDir = Values.string(workingDir);
        environment = Values.map(environment);
    }

    /** A hook that runs {@code command} with nothing else set. */
    public static LifecycleHookConfig of(String... command) {
        return new LifecycleHookConfig(List.of(command), "", false, "", Map.of());
    }
}
