package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One service of a Stack, as the v1alpha3 wire format carries it, plus kstack's optional additions
 * (marked "kstack" below; old clients ignore them).
 *
 * <p>Absent values: strings are {@code ""}, collections are empty, and the nullable components
 * ({@code healthCheck, stopGracePeriod, user, group}) are null. {@code deploy} is never null
 * (the wire always carries it). Durations are integer nanoseconds.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceConfig(
        String name,
        @JsonProperty("cap_add") List<String> capAdd,
        @JsonProperty("cap_drop") List<String> capDrop,
        List<String> command,
        List<FileReferenceConfig> configs,
        DeployConfig deploy,
        List<String> entrypoint,
        @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        Map<String, String> environment,
        @JsonProperty("extra_hosts") List<String> extraHosts,
        String hostname,
        @JsonProperty("health_check") HealthCheckConfig healthCheck,
        String image,
        String ipc,
        Map<String, String> labels,
        String pid,
        List<ServicePortConfig> ports,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean privileged,
        @JsonProperty("read_only") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnly,
        List<FileReferenceConfig> secrets,
        @JsonProperty("stdin_open") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean stdinOpen,
        @JsonProperty("stop_grace_period") Long stopGracePeriod,
        List<String> tmpfs,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean tty,
        Long user,
        List<ServiceVolumeConfig> volumes,
        @JsonProperty("working_dir") String workingDir,
        // v1alpha3 only
        @JsonProperty("pull_secret") String pullSecret,
        @JsonProperty("pull_policy") String pullPolicy,
        @JsonProperty("internal_ports") List<InternalPort> internalPorts,
        @JsonProperty("internal_service_type") String internalServiceType,
        // kstack
        @JsonProperty("depends_on") Map<String, DependsOnConfig> dependsOn,
        Long group,
        @JsonProperty("group_add") List<String> groupAdd,
        @JsonProperty("stop_signal") String stopSignal,
        Map<String, String> sysctls,
        List<String> dns,
        @JsonProperty("dns_search") List<String> dnsSearch,
        @JsonProperty("dns_opt") List<String> dnsOpt,
        Map<String, String> annotations,
        List<String> networks,
        List<IngressConfig> ingress,
        @JsonProperty("pre_start") List<LifecycleHookConfig> preStart,
        @JsonProperty("post_start") List<LifecycleHookConfig> postStart,
        @JsonProperty("pre_stop") List<LifecycleHookConfig> preStop) {

    /** {@code internal_service_type}: chosen from the ports ({@code ""}), always headless, or always ClusterIP. */
    public static final String INTERNAL_AUTO = "";
    public static final String INTERNAL_HEADLESS = "Headless";
    public static final String INTERNAL_CLUSTER_IP = "ClusterIP";

    public ServiceConfig {
        name = Values.string(name);
        capAdd = Values.list(capAdd);
        capDrop = Values.list(capDrop);
        command = Values.list(command);
        configs = Values.list(configs);
        deploy = deploy == null ? DeployConfig.EMPTY : deploy;
        entrypoint = Values.list(entrypoint);
        environment = Values.map(environment);
        extraHosts = Values.list(extraHosts);
        hostname = Values.string(hostname);
        image = Values.string(image);
        ipc = Values.string(ipc);
        labels = Values.map(labels);
        pid = Values.string(pid);
        ports = Values.list(ports);
        secrets = Values.list(secrets);
        tmpfs = Values.list(tmpfs);
        volumes = Values.list(volumes);
        workingDir = Values.string(workingDir);
        pullSecret = Values.string(pullSecret);
        pullPolicy = Values.string(pullPolicy);
        internalPorts = Values.list(internalPorts);
        internalServiceType = Values.string(internalServiceType);
        dependsOn = Values.map(dependsOn);
        groupAdd = Values.list(groupAdd);
        stopSignal = Values.string(stopSignal);
        sysctls = Values.map(sysctls);
        dns = Values.list(dns);
        dnsSearch = Values.list(dnsSearch);
        dnsOpt = Values.list(dnsOpt);
        annotations = Values.map(annotations);
        networks = Values.list(networks);
        ingress = Values.list(ingress);
        preStart = Values.list(preStart);
        postStart = Values.list(postStart);
        preStop = Values.list(preStop);
    }

    /** A service with only a name and an image; start here and use {@link #builder()} for more. */
    public static ServiceConfig of(String name, String image) {
        return builder().name(name).image(image).build();
    }

    public static ServiceConfigBuilder builder() {
        return new ServiceConfigBuilder();
    }

    /** A builder holding the values of this service. */
    public ServiceConfigBuilder toBuilder() {
        return ServiceConfigBuilder.from(this);
    }
}
