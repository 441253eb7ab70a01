package dev.kstack.compose.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.compose.model.Syntax.Form;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service after interpolation, merging, {@code extends} and normalization: every attribute of the
 * Compose Specification, in long form. Absent attributes are {@link Optional#empty()} or empty collections;
 * {@code command} and {@code entrypoint} are optional lists because an empty list (clear the image's value)
 * differs from an absent one. Components are named after the attributes ({@code cap_add} is {@link #capAdd()}).
 * Attributes the specification leaves free-form ({@code develop}) are kept as JSON trees.
 * In {@link #environment()}, a variable named without a value ({@code - DEBUG}) that the environment does not
 * set maps to {@code null}, as {@code docker compose config} shows it.
 */
public record Service(
        @Syntax(Form.MAP_KEY) String name,
        @Syntax(Form.KEY_VALUE) Map<String, String> annotations,
        Optional<Boolean> attach,
        Optional<BlkioConfig> blkioConfig,
        Optional<Build> build,
        List<String> capAdd,
        List<String> capDrop,
        @OneOf({"host", "private"}) Optional<String> cgroup,
        Optional<String> cgroupParent,
        @Syntax(Form.SHELL_WORDS) Optional<List<String>> command,
        List<FileReference> configs,
        Optional<String> containerName,
        Optional<Long> cpuCount,
        Optional<Long> cpuPercent,
        Optional<Long> cpuPeriod,
        Optional<Long> cpuQuota,
        Optional<String> cpuRtPeriod,
        Optional<String> cpuRtRuntime,
        Optional<Long> cpuShares,
        Optional<Double> cpus,
        Optional<String> cpuset,
        Optional<CredentialSpec> credentialSpec,
        Map<String, DependsOn> dependsOn,
        Optional<Deploy> deploy,
        @Syntax(Form.FREE_FORM) Optional<JsonNode> develop,
        List<String> deviceCgroupRules,
        List<Device> devices,
        @Syntax(Form.SINGLE_OR_LIST) List<String> dns,
        List<String> dnsOpt,
        @Syntax(Form.SINGLE_OR_LIST) List<String> dnsSearch,
        Optional<String> domainname,
        @Syntax(Form.SHELL_WORDS) Optional<List<String>> entrypoint,
        @Syntax(Form.SINGLE_OR_LIST) List<EnvFile> envFile,
        @Syntax(Form.ENVIRONMENT) Map<String, String> environment,
        List<String> expose,
        List<String> externalLinks,
        @Syntax(Form.EXTRA_HOSTS) List<String> extraHosts,
        List<DeviceRequest> gpus,
        List<String> groupAdd,
        Optional<Healthcheck> healthcheck,
        Optional<String> hostname,
        Optional<String> image,
        Optional<Boolean> init,
        Optional<String> ipc,
        Optional<String> isolation,
        @Syntax(Form.KEY_VALUE) Map<String, String> labels,
        @Syntax(Form.SINGLE_OR_LIST) List<String> labelFile,
        List<String> links,
        Optional<Logging> logging,
        Optional<String> macAddress,
        Optional<ByteSize> memLimit,
        Optional<ByteSize> memReservation,
        Optional<Long> memSwappiness,
        Optional<ByteSize> memswapLimit,
        Map<String, ServiceModel> models,
        Optional<String> networkMode,
        Map<String, ServiceNetwork> networks,
        Optional<Boolean> oomKillDisable,
        Optional<Long> oomScoreAdj,
        Optional<String> pid,
        Optional<Long> pidsLimit,
        Optional<String> platform,
        List<Port> ports,
        List<Hook> postStart,
        List<Hook> preStart,
        List<Hook> preStop,
        Optional<Boolean> privileged,
        List<String> profiles,
        Optional<Provider> provider,
        @Matches(value = "always|never|missing|if_not_present|build|refresh|daily|weekly|every_([0-9]+[wdhms])+",
                expected = "always, never, missing, if_not_present, build, refresh, daily, weekly or every_<duration>"
                        + " (every_12h)")
        Optional<String> pullPolicy,
        Optional<Boolean> readOnly,
        @Matches(value = "no|always|unless-stopped|on-failure(:[0-9]+)?",
                expected = "no, always, on-failure, on-failure:<max retries> or unless-stopped")
        Optional<String> restart,
        Optional<String> runtime,
        Optional<Integer> scale,
        List<FileReference> secrets,
        List<String> securityOpt,
        Optional<ByteSize> shmSize,
        Optional<Boolean> stdinOpen,
        Optional<Duration> stopGracePeriod,
        Optional<String> stopSignal,
        @Syntax(Form.KEY_VALUE) Map<String, String> storageOpt,
        @Syntax(Form.KEY_VALUE) Map<String, String> sysctls,
        @Syntax(Form.SINGLE_OR_LIST) List<String> tmpfs,
        Optional<Boolean> tty,
        Map<String, Ulimit> ulimits,
        Optional<Boolean> useApiSocket,
        Optional<String> user,
        Optional<String> usernsMode,
        Optional<String> uts,
        List<ServiceVolume> volumes,
        List<String> volumesFrom,
        Optional<String> workingDir,
        @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {

    /** {@code blkio_config}. */
    public record BlkioConfig(
            Optional<Integer> weight,
            List<WeightDevice> weightDevice,
            List<ThrottleDevice> deviceReadBps,
            List<ThrottleDevice> deviceReadIops,
            List<ThrottleDevice> deviceWriteBps,
            List<ThrottleDevice> deviceWriteIops) {
        /** A per-device weight. */
        public record WeightDevice(String path, Integer weight) {
        }

        /** A per-device rate limit (bytes or operations per second). */
        public record ThrottleDevice(String path, ByteSize rate) {
        }
    }

    /** {@code credential_spec}: exactly one of the three is set. */
    public record CredentialSpec(
            Optional<String> config,
            Optional<String> file,
            Optional<String> registry,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** One {@code depends_on} entry; the short (list) form means {@code service_started}, required. */
    public record DependsOn(
            @Default("service_started") @OneOf({"service_started", "service_healthy", "service_completed_successfully"})
            String condition,
            @Default("false") Boolean restart,
            @Default("true") Boolean required,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code devices}: {@code source[:target[:permissions]]} or the long form. */
    public record Device(
            String source,
            String target,
            Optional<String> permissions,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** One {@code env_file} entry; a plain string is a required file. */
    public record EnvFile(String path, @Default("true") Boolean required, Optional<String> format) {
    }

    /** {@code healthcheck}; a string {@code test} becomes {@code [CMD-SHELL, string]}. */
    public record Healthcheck(
            Optional<Boolean> disable,
            Optional<Duration> interval,
            Optional<Integer> retries,
            Optional<Duration> startInterval,
            Optional<Duration> startPeriod,
            @Syntax(Form.HEALTHCHECK_TEST) List<String> test,
            Optional<Duration> timeout,
            @Syntax(Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code pre_start}, {@code post_start} and {@code pre_stop} lifecycle hooks. */
    public record Hook(
            @Syntax(Form.SHELL_WORDS) List<String> command,
            Optional<String> user,
            Optional<Boolean> privileged,
            Optional<String> workingDir,
            @Syntax(Form.ENVIRONMENT) Map<String, String> environment,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code logging}. */
    public record Logging(
            Optional<String> driver,
            @Syntax(Form.KEY_VALUE) Map<String, String> options,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** One {@code models} entry of a service. */
    public record ServiceModel(
            Optional<String> endpointVar,
            Optional<String> modelVar,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** How a service attaches to one network; the list form attaches with no settings. */
    public record ServiceNetwork(
            List<String> aliases,
            @Syntax(Form.KEY_VALUE) Map<String, String> driverOpts,
            Optional<Integer> gwPriority,
            Optional<String> interfaceName,
            Optional<String> ipv4Address,
            Optional<String> ipv6Address,
            List<String> linkLocalIps,
            Optional<String> macAddress,
            Optional<Integer> priority,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** {@code provider}: a service implemented by an external tool. */
    public record Provider(
            String type,
            @Syntax(Form.FREE_FORM) Optional<JsonNode> options,
            @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }

    /** One {@code ulimits} entry; a single number sets both limits. */
    public record Ulimit(Long soft, Long hard, @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
    }
}
