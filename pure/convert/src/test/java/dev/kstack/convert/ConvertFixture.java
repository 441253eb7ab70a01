package dev.kstack.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServiceConfigBuilder;
import dev.kstack.api.StackSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.UnaryOperator;

/** Converts small stacks in tests and finds objects by kind and name, as JSON. */
final class ConvertFixture {
    static final ObjectMapper JSON = new ObjectMapper();

    private ConvertFixture() {
    }

    static ConversionResult convert(StackSpec spec) {
        try {
            return StackConverter.convert(StackInput.of("shop", "prod", spec));
        } catch (InvalidStackException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    /** The stack with one service {@code web} (image nginx) changed by {@code change}. */
    static ConversionResult convertWeb(UnaryOperator<ServiceConfigBuilder> change) {
        return convert(StackSpec.of(List.of(change.apply(ServiceConfig.builder().name("web").image("nginx")).build())));
    }

    static JsonNode object(ConversionResult result, String kindSlashName) {
        for (HasMetadata o : result.objects()) {
            if ((o.getKind() + "/" + o.getMetadata().getName()).equals(kindSlashName)) {
                return JSON.valueToTree(o);
            }
        }
        throw new AssertionError(kindSlashName + " not among " + result.objects().stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    }

    static List<String> names(ConversionResult result) {
        return result.objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
