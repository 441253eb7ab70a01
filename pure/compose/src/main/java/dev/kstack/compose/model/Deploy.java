package dev.kstack.compose.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.model.Syntax.Form;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code deploy} of a service, all of it. */
public record Deploy(
        @OneOf({"vip", "dnsrr"}) Optional<String> endpointMode,
        @Syntax(Form.KEY_VALUE) Map<String, String> labels,
        @OneOf({"global", "replicated", "replicated-job", "global-job"}) Optional<String> mode,
        Optional<Placement> placement,
        Optional<Integer> replicas,
        Optional<Resources> resources,
        Optional<RestartPolicy> restartPolicy,
        Optional<UpdateConfig> rollbackConfig,
        Optional<UpdateConfig> updateConfig,
        @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {

    /** {@code placement}. */
    public record Placement(
            List<String> constraints,
            List<Preference> preferences,
            Optional<Integer> maxReplicasPerNode,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
        /** One placement preference. */
        public record Preference(String spread, @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
        }
    }

    /** {@code resources}. */
    public record Resources(
            Optional<Limits> limits,
            Optional<Reservations> reservations,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code resources.limits}. */
    public record Limits(
            Optional<Double> cpus,
            Optional<ByteSize> memory,
            Optional<Long> pids,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code resources.reservations}. */
    public record Reservations(
            Optional<Double> cpus,
            Optional<ByteSize> memory,
            List<DeviceRequest> devices,
            List<GenericResource> genericResources,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** A swarm generic resource: exactly one of the two specs. */
    public record GenericResource(
            Optional<ResourceSpec> discreteResourceSpec,
            Optional<NamedResourceSpec> namedResourceSpec,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
        /** {@code discrete_resource_spec}. */
        public record ResourceSpec(String kind, Long value) {
        }

        /** {@code named_resource_spec}. */
        public record NamedResourceSpec(String kind, String value) {
        }
    }

    /** {@code restart_policy}. */
    public record RestartPolicy(
            @OneOf(value = {"none", "on-failure", "any"}, aliases = {"no=none", "always=any", "unless-stopped=any"})
            Optional<String> condition,
            Optional<Duration> delay,
            Optional<Integer> maxAttempts,
            Optional<Duration> window,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code update_config} and {@code rollback_config}. */
    public record UpdateConfig(
            Optional<Integer> parallelism,
            Optional<Duration> delay,
            @OneOf({"continue", "rollback", "pause"}) Optional<String> failureAction,
            Optional<Duration> monitor,
            Optional<Double> maxFailureRatio,
            @OneOf({"start-first", "stop-first"}) Optional<String> order,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }
}
