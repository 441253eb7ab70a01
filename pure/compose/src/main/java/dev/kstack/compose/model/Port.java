package dev.kstack.compose.model;

import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One published or exposed port in long form. The short form {@code [ip:][published[-range]:]target[/proto]}
 * is normalized to one Port per target port (a range {@code 8000-8002:80-82} gives three).
 *
 * @param published a host port or a range of host ports ({@code 8000-8010}) when the short form gave
 *                  a host range for a single target
 */
public record Port(
        Optional<String> name,
        Integer target,
        Optional<String> published,
        Optional<String> hostIp,
        @Default("tcp") @OneOf({"tcp", "udp", "sctp"}) String protocol,
        Optional<String> appProtocol,
        @Default("ingress") @OneOf({"ingress", "host"}) String mode,
        @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
}
