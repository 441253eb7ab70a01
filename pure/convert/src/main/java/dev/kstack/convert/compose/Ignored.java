package dev.kstack.convert.compose;

import dev.kstack.compose.model.Service;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The compose service attributes that have no Kubernetes equivalent in kstack: one warning line each. */
final class Ignored {
    private Ignored() {
    }

    static void report(Service s, MappingNotes notes) {
        String n = s.name();
        present(notes, n, "blkio_config", s.blkioConfig());
        present(notes, n, "cgroup", s.cgroup());
        present(notes, n, "cgroup_parent", s.cgroupParent());
        present(notes, n, "container_name", s.containerName());
        present(notes, n, "cpu_count", s.cpuCount());
        present(notes, n, "cpu_percent", s.cpuPercent());
        present(notes, n, "cpu_period", s.cpuPeriod());
        present(notes, n, "cpu_quota", s.cpuQuota());
        present(notes, n, "cpu_rt_period", s.cpuRtPeriod());
        present(notes, n, "cpu_rt_runtime", s.cpuRtRuntime());
        present(notes, n, "cpu_shares", s.cpuShares());
        present(notes, n, "cpuset", s.cpuset());
        present(notes, n, "credential_spec", s.credentialSpec());
        present(notes, n, "develop", s.develop());
        present(notes, n, "domainname", s.domainname());
        present(notes, n, "init", s.init());
        present(notes, n, "isolation", s.isolation());
        present(notes, n, "logging", s.logging());
        present(notes, n, "mac_address", s.macAddress());
        present(notes, n, "mem_swappiness", s.memSwappiness());
        present(notes, n, "memswap_limit", s.memswapLimit());
        present(notes, n, "network_mode", s.networkMode());
        present(notes, n, "oom_kill_disable", s.oomKillDisable());
        present(notes, n, "oom_score_adj", s.oomScoreAdj());
        present(notes, n, "runtime", s.runtime());
        present(notes, n, "use_api_socket", s.useApiSocket());
        present(notes, n, "userns_mode", s.usernsMode());
        present(notes, n, "uts", s.uts());
        nonEmpty(notes, n, "device_cgroup_rules", s.deviceCgroupRules());
        nonEmpty(notes, n, "devices", s.devices());
        nonEmpty(notes, n, "external_links", s.externalLinks());
        nonEmpty(notes, n, "gpus", s.gpus());
        nonEmpty(notes, n, "security_opt", s.securityOpt());
        nonEmpty(notes, n, "storage_opt", s.storageOpt().keySet());
        nonEmpty(notes, n, "ulimits", s.ulimits().keySet());
        nonEmpty(notes, n, "models", s.models().keySet());
        if (s.links().stream().anyMatch(l -> l.contains(":"))) {
            notes.service(n, "links aliases are ignored (services reach each other by service name)");
        }
        for (Map.Entry<String, Service.ServiceNetwork> e : s.networks().entrySet()) {
            Service.ServiceNetwork net = e.getValue();
            if (net == null) {
                continue;
            }
            if (!net.aliases().isEmpty()) {
                notes.service(n, "networks." + e.getKey() + ".aliases is ignored");
            }
            if (net.ipv4Address().isPresent() || net.ipv6Address().isPresent()) {
                notes.service(n, "networks." + e.getKey() + " fixed addresses are ignored");
            }
        }
    }

    private static void present(MappingNotes notes, String service, String attribute, Optional<?> value) {
        if (value.isPresent()) {
            notes.ignored(service, attribute);
        }
    }

    private static void nonEmpty(MappingNotes notes, String service, String attribute, Collection<?> value) {
        if (!value.isEmpty()) {
            notes.ignored(service, attribute);
        }
    }
}
