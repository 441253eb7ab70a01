package dev.kstack.compose.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request for devices such as GPUs ({@code gpus} of a service, {@code deploy.resources.reservations.devices}).
 * {@code gpus: all} is normalized to a single request with {@code count: all}.
 *
 * @param count a number or {@code all}
 */
public record DeviceRequest(
        List<String> capabilities,
        Optional<String> count,
        List<String> deviceIds,
        Optional<String> driver,
        @Syntax(Syntax.Form.KEY_VALUE) Map<String, String> options,
        @Syntax(Syntax.Form.EXTENSIONS) Map<String, JsonNode> extensions) {
}
