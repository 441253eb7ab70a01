package dev.kstack.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.v1beta2.StackV1beta2;
import dev.kstack.api.v1beta2.V1beta2Conversion;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class V1beta2ConversionTest {
    private final Stack full = new Stack(Stack.KIND, Stack.API_VERSION,
            ObjectMeta.of("shop", "prod").withAnnotations(Map.of("keep", "me")), Fixtures.fullSpec(),
            StackStatus.pending());

    @Test
    void v1alpha3OnlyFieldsLeaveTheV1beta2SpecAndComeBack() {
        StackV1beta2 beta = V1beta2Conversion.toV1beta2(full);

        ServiceConfig api = beta.spec().services().get(0);
        assertThat(api.pullSecret()).isEmpty();
        assertThat(api.pullPolicy()).isEmpty();
        assertThat(api.internalPorts()).isEmpty();
        assertThat(api.internalServiceType()).isEmpty();
        assertThat(beta.apiVersion()).isEqualTo("compose.docker.com/v1beta2");
        assertThat(beta.metadata().annotations()).containsKey(V1beta2Conversion.ANNOTATION).containsEntry("keep", "me");

        assertThat(V1beta2Conversion.toV1alpha3(beta)).isEqualTo(full);
    }

    @Test
    void theRoundTripSurvivesTheWire() throws IOException {
        String wire = StackJson.write(V1beta2Conversion.toV1beta2(full));
        StackV1beta2 read = StackJson.read(wire, StackV1beta2.class);

        assertThat(V1beta2Conversion.toV1alpha3(read)).isEqualTo(full);
    }

    @Test
    void aStackWithNothingV1alpha3OnlyNeedsNoAnnotation() {
        Stack plain = Stack.of("s", "ns", StackSpec.of(List.of(ServiceConfig.of("web", "nginx"))));
        StackV1beta2 beta = V1beta2Conversion.toV1beta2(plain);

        assertThat(beta.metadata().annotations()).isEmpty();
        assertThat(V1beta2Conversion.toV1alpha3(beta)).isEqualTo(plain);
    }

    @Test
    void aServiceAddedThroughV1beta2GetsNothingFromTheAnnotation() {
        StackV1beta2 beta = V1beta2Conversion.toV1beta2(full);
        List<ServiceConfig> services = List.of(ServiceConfig.of("other", "x"), beta.spec().services().get(1));
        StackV1beta2 edited = new StackV1beta2(null, null, beta.metadata(),
                new StackSpec(services, null, null, null, null, false), null);

        Stack back = V1beta2Conversion.toV1alpha3(edited);
        assertThat(back.spec().services().get(0).pullSecret()).isEmpty();
        assertThat(back.metadata().annotations()).doesNotContainKey(V1beta2Conversion.ANNOTATION);
    }
}
