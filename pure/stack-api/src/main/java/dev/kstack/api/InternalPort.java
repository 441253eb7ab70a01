package dev.kstack.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A port reachable inside the cluster ({@code internal_ports}), with the Kubernetes protocol name ({@code TCP}). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InternalPort(int port, String protocol) {
    public InternalPort {
        protocol = Values.string(protocol);
    }
}
