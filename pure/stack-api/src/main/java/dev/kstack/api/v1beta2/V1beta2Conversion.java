package dev.kstack.api.v1beta2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.kstack.api.InternalPort;
import dev.kstack.api.ObjectMeta;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.Stack;
import dev.kstack.api.StackJson;
import dev.kstack.api.StackSpec;
import dev.kstack.api.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts between v1alpha3 and v1beta2 without losing anything: the v1alpha3-only service fields travel
 * in the annotation {@value #ANNOTATION} of the v1beta2 object (keyed by service name) and come back from it.
 */
public final class V1beta2Conversion {
    /** Holds, per service, the v1alpha3-only fields that v1beta2 cannot carry. */
    public static final String ANNOTATION = "kstack.dev/v1alpha3-service-fields";

    private V1beta2Conversion() {
    }

    public static StackV1beta2 toV1beta2(Stack stack) {
        Map<String, V1alpha3Only> kept = new TreeMap<>();
        List<ServiceConfig> services = stack.spec().services().stream().map(s -> {
            V1alpha3Only only = V1alpha3Only.of(s);
            if (!only.isEmpty()) {
                kept.put(s.name(), only);
            }
            return only.clearedFrom(s);
        }).toList();
        Map<String, String> annotations = new LinkedHashMap<>(stack.metadata().annotations());
        annotations.remove(ANNOTATION);
        if (!kept.isEmpty()) {
            annotations.put(ANNOTATION, StackJson.write(kept));
        }
        return new StackV1beta2("Stack", StackV1beta2.API_VERSION, stack.metadata().withAnnotations(annotations),
                withServices(stack.spec(), services), stack.status());
    }

    public static Stack toV1alpha3(StackV1beta2 stack) {
        Map<String, String> annotations = new LinkedHashMap<>(stack.metadata().annotations());
        Map<String, V1alpha3Only> kept = parse(annotations.remove(ANNOTATION));
        List<ServiceConfig> services = stack.spec().services().stream().map(s -> {
            V1alpha3Only only = kept.get(s.name());
            return only == null || !V1alpha3Only.of(s).isEmpty() ? s : only.restoredInto(s);
        }).toList();
        ObjectMeta metadata = stack.metadata().withAnnotations(annotations);
        return new Stack(Stack.KIND, Stack.API_VERSION, metadata, withServices(stack.spec(), services), stack.status());
    }

    private static StackSpec withServices(StackSpec spec, List<ServiceConfig> services) {
        return new StackSpec(services, spec.secrets(), spec.configs(), spec.volumes(), spec.networks(),
                spec.networkPolicies());
    }

    private static Map<String, V1alpha3Only> parse(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return StackJson.lenient().readValue(json, new TypeReference<Map<String, V1alpha3Only>>() { });
        } catch (JsonProcessingException e) {
            // A hand-edited, unreadable annotation carries nothing we can restore.
            return Map.of();
        }
    }

    /** The four service fields that only v1alpha3 has. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record V1alpha3Only(
            @JsonProperty("pull_secret") String pullSecret,
            @JsonProperty("pull_policy") String pullPolicy,
            @JsonProperty("internal_ports") List<InternalPort> internalPorts,
            @JsonProperty("internal_service_type") String internalServiceType) {
        V1alpha3Only {
            pullSecret = Values.string(pullSecret);
            pullPolicy = Values.string(pullPolicy);
            internalPorts = Values.list(internalPorts);
            internalServiceType = Values.string(internalServiceType);
        }

        static V1alpha3Only of(ServiceConfig s) {
            return new V1alpha3Only(s.pullSecret(), s.pullPolicy(), s.internalPorts(), s.internalServiceType());
        }

        boolean isEmpty() {
            return pullSecret.isEmpty() && pullPolicy.isEmpty() && internalPorts.isEmpty()
                    && internalServiceType.isEmpty();
        }

        ServiceConfig clearedFrom(ServiceConfig s) {
            return s.toBuilder().pullSecret("").pullPolicy("").internalPorts(List.of()).internalServiceType("").build();
        }

        ServiceConfig restoredInto(ServiceConfig s) {
            return s.toBuilder().pullSecret(pullSecret).pullPolicy(pullPolicy).internalPorts(internalPorts)
                    .internalServiceType(internalServiceType).build();
        }
    }
}
