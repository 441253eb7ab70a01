package dev.kstack.api;

import java.util.List;
import java.util.Map;

/** Builds a {@link ServiceConfig}; unset values are absent. */
public final class ServiceConfigBuilder {
    private String name;
    private List<String> capAdd;
    private List<String> capDrop;
    private List<String> command;
    private List<FileReferenceConfig> configs;
    private DeployConfig deploy;
    private List<String> entrypoint;
    private Map<String, String> environment;
    private List<String> extraHosts;
    private String hostname;
    private HealthCheckConfig healthCheck;
    private String image;
    private String ipc;
    private Map<String, String> labels;
    private String pid;
    private List<ServicePortConfig> ports;
    private boolean privileged;
    private boolean readOnly;
    private List<FileReferenceConfig> secrets;
    private boolean stdinOpen;
    private Long stopGracePeriod;
    private List<String> tmpfs;
    private boolean tty;
    private Long user;
    private List<ServiceVolumeConfig> volumes;
    private String workingDir;
    private String pullSecret;
    private String pullPolicy;
    private List<InternalPort> internalPorts;
    private String internalServiceType;
    private Map<String, DependsOnConfig> dependsOn;
    private Long group;
    private List<String> groupAdd;
    private String stopSignal;
    private Map<String, String> sysctls;
    private List<String> dns;
    private List<String> dnsSearch;
    private List<String> dnsOpt;
    private Map<String, String> annotations;
    private List<String> networks;
    private List<IngressConfig> ingress;
    private List<LifecycleHookConfig> preStart;
    private List<LifecycleHookConfig> postStart;
    private List<LifecycleHookConfig> preStop;

    ServiceConfigBuilder() {
    }

    static ServiceConfigBuilder from(ServiceConfig s) {
        ServiceConfigBuilder b = new ServiceConfigBuilder();
        b.name = s.name();
        b.capAdd = s.capAdd();
        b.capDrop = s.capDrop();
        b.command = s.command();
        b.configs = s.configs();
        b.deploy = s.deploy();
        b.entrypoint = s.entrypoint();
        b.environment = s.environment();
        b.extraHosts = s.extraHosts();
        b.hostname = s.hostname();
        b.healthCheck = s.healthCheck();
        b.image = s.image();
        b.ipc = s.ipc();
        b.labels = s.labels();
        b.pid = s.pid();
        b.ports = s.ports();
        b.privileged = s.privileged();
        b.readOnly = s.readOnly();
        b.secrets = s.secrets();
        b.stdinOpen = s.stdinOpen();
        b.stopGracePeriod = s.stopGracePeriod();
        b.tmpfs = s.tmpfs();
        b.tty = s.tty();
        b.user = s.user();
        b.volumes = s.volumes();
        b.workingDir = s.workingDir();
        b.pullSecret = s.pullSecret();
        b.pullPolicy = s.pullPolicy();
        b.internalPorts = s.internalPorts();
        b.internalServiceType = s.internalServiceType();
        b.dependsOn = s.dependsOn();
        b.group = s.group();
        b.groupAdd = s.groupAdd();
        b.stopSignal = s.stopSignal();
        b.sysctls = s.sysctls();
        b.dns = s.dns();
        b.dnsSearch = s.dnsSearch();
        b.dnsOpt = s.dnsOpt();
        b.annotations = s.annotations();
        b.networks = s.networks();
        b.ingress = s.ingress();
        b.preStart = s.preStart();
        b.postStart = s.postStart();
        b.preStop = s.preStop();
        return b;
    }

    public ServiceConfigBuilder name(String value) {
        this.name = value;
        return this;
    }

    public ServiceConfigBuilder capAdd(List<String> value) {
        this.capAdd = value;
        return this;
    }

    public ServiceConfigBuilder capDrop(List<String> value) {
        this.capDrop = value;
        return this;
    }

    public ServiceConfigBuilder command(List<String> value) {
        this.command = value;
        return this;
    }

    public ServiceConfigBuilder configs(List<FileReferenceConfig> value) {
        this.configs = value;
        return this;
    }

    public ServiceConfigBuilder deploy(DeployConfig value) {
        this.deploy = value;
        return this;
    }

    public ServiceConfigBuilder entrypoint(List<String> value) {
        this.entrypoint = value;
        return this;
    }

    public ServiceConfigBuilder environment(Map<String, String> value) {
        this.environment = value;
        return this;
    }

    public ServiceConfigBuilder extraHosts(List<String> value) {
        this.extraHosts = value;
        return this;
    }

    public ServiceConfigBuilder hostname(String value) {
        this.hostname = value;
        return this;
    }

    public ServiceConfigBuilder healthCheck(HealthCheckConfig value) {
        this.healthCheck = value;
        return this;
    }

    public ServiceConfigBuilder image(String value) {
        this.image = value;
        return this;
    }

    public ServiceConfigBuilder ipc(String value) {
        this.ipc = value;
        return this;
    }

    public ServiceConfigBuilder labels(Map<String, String> value) {
        this.labels = value;
        return this;
    }

    public ServiceConfigBuilder pid(String value) {
        this.pid = value;
        return this;
    }

    public ServiceConfigBuilder ports(List<ServicePortConfig> value) {
        this.ports = value;
        return this;
    }

    public ServiceConfigBuilder privileged(boolean value) {
        this.privileged = value;
        return this;
    }

    public ServiceConfigBuilder readOnly(boolean value) {
        this.readOnly = value;
        return this;
    }

    public ServiceConfigBuilder secrets(List<FileReferenceConfig> value) {
        this.secrets = value;
        return this;
    }

    public ServiceConfigBuilder stdinOpen(boolean value) {
        this.stdinOpen = value;
        return this;
    }

    public ServiceConfigBuilder stopGracePeriod(Long value) {
        this.stopGracePeriod = value;
        return this;
    }

    public ServiceConfigBuilder tmpfs(List<String> value) {
        this.tmpfs = value;
        return this;
    }

    public ServiceConfigBuilder tty(boolean value) {
        this.tty = value;
        return this;
    }

    public ServiceConfigBuilder user(Long value) {
        this.user = value;
        return this;
    }

    public ServiceConfigBuilder volumes(List<ServiceVolumeConfig> value) {
        this.volumes = value;
        return this;
    }

    public ServiceConfigBuilder workingDir(String value) {
        this.workingDir = value;
        return this;
    }

    public ServiceConfigBuilder pullSecret(String value) {
        this.pullSecret = value;
        return this;
    }

    public ServiceConfigBuilder pullPolicy(String value) {
        this.pullPolicy = value;
        return this;
    }

    public ServiceConfigBuilder internalPorts(List<InternalPort> value) {
        this.internalPorts = value;
        return this;
    }

    public ServiceConfigBuilder internalServiceType(String value) {
        this.internalServiceType = value;
        return this;
    }

    public ServiceConfigBuilder dependsOn(Map<String, DependsOnConfig> value) {
        this.dependsOn = value;
        return this;
    }

    public ServiceConfigBuilder group(Long value) {
        this.group = value;
        return this;
    }

    public ServiceConfigBuilder groupAdd(List<String> value) {
        this.groupAdd = value;
        return this;
    }

    public ServiceConfigBuilder stopSignal(String value) {
        this.stopSignal = value;
        return this;
    }

    public ServiceConfigBuilder sysctls(Map<String, String> value) {
        this.sysctls = value;
        return this;
    }

    public ServiceConfigBuilder dns(List<String> value) {
        this.dns = value;
        return this;
    }

    public ServiceConfigBuilder dnsSearch(List<String> value) {
        this.dnsSearch = value;
        return this;
    }

    public ServiceConfigBuilder dnsOpt(List<String> value) {
        this.dnsOpt = value;
        return this;
    }

    public ServiceConfigBuilder annotations(Map<String, String> value) {
        this.annotations = value;
        return this;
    }

    public ServiceConfigBuilder networks(List<String> value) {
        this.networks = value;
        return this;
    }

    public ServiceConfigBuilder ingress(List<IngressConfig> value) {
        this.ingress = value;
        return this;
    }

    public ServiceConfigBuilder preStart(List<LifecycleHookConfig> value) {
        this.preStart = value;
        return this;
    }

    public ServiceConfigBuilder postStart(List<LifecycleHookConfig> value) {
        this.postStart = value;
        return this;
    }

    public ServiceConfigBuilder preStop(List<LifecycleHookConfig> value) {
        this.preStop = value;
        return this;
    }

    public ServiceConfig build() {
        return new ServiceConfig(
                name, capAdd, capDrop, command, configs, deploy, entrypoint, environment, extraHosts, hostname,
                healthCheck, image, ipc, labels, pid, ports, privileged, readOnly, secrets, stdinOpen,
                stopGracePeriod, tmpfs, tty, user, volumes, workingDir, pullSecret, pullPolicy, internalPorts,
                internalServiceType, dependsOn, group, groupAdd, stopSignal, sysctls, dns, dnsSearch, dnsOpt,
                annotations, networks, ingress, preStart, postStart, preStop);
    }
}
