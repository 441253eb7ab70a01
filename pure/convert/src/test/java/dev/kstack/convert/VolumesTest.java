package dev.kstack.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.DeployConfig;
import dev.kstack.api.External;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.StackSpec;
import dev.kstack.api.VolumeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named volumes: claim templates with the x-kubernetes settings, external claims, global services. */
class VolumesTest {
    static final ServiceVolumeConfig DATA = new ServiceVolumeConfig("volume", "data", "/data", false, null);

    static StackSpec spec(ServiceConfig service, VolumeConfig data) {
        return new StackSpec(List.of(service), null, null, Map.of("data", data), null, false);
    }

    @Test
    void claimTemplateTakesSizeClassAndAccessModesAndTheClaimName() {
        ServiceConfig db = ServiceConfig.builder().name("db").image("postgres").volumes(List.of(DATA)).build();
        VolumeConfig data = new VolumeConfig("pg-data", null, null, "10Gi", "fast", List.of("ReadWriteOncePod"));

        ConversionResult r = ConvertFixture.convert(spec(db, data));

        assertThat(ConvertFixture.object(r, "StatefulSet/db").at("/spec/volumeClaimTemplates/0").toString())
                .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"labels\":"
                        + "{\"com.docker.service.id\":\"shop-db\",\"com.docker.service.name\":\"db\","
                        + "\"com.docker.stack.namespace\":\"shop\"},\"name\":\"pg-data\"},\"spec\":{\"accessModes\":"
                        + "[\"ReadWriteOncePod\"],\"resources\":{\"requests\":{\"storage\":\"10Gi\"}},"
                        + "\"storageClassName\":\"fast\"}}");
        assertThat(ConvertFixture.object(r, "StatefulSet/db").at("/spec/template/spec/containers/0/volumeMounts/0/name")
                .asText()).isEqualTo("pg-data");
        assertThat(ConvertFixture.object(r, "StatefulSet/db").at("/spec/serviceName").asText()).isEqualTo("db");
    }

    @Test
    void externalVolumeIsAnExistingClaimAndNeedsNoStatefulSet() {
        ServiceConfig db = ServiceConfig.builder().name("db").image("postgres").volumes(List.of(DATA)).build();
        VolumeConfig data = new VolumeConfig(null, new External("shared-pvc", true), null, null, null, null);

        ConversionResult r = ConvertFixture.convert(spec(db, data));

        assertThat(ConvertFixture.object(r, "Deployment/db").at("/spec/template/spec/volumes/0").toString())
                .isEqualTo("{\"name\":\"shared-pvc\",\"persistentVolumeClaim\":{\"claimName\":\"shared-pvc\"}}");
    }

    @Test
    void globalServiceWithANamedVolumeGetsAnEmptyDirAndAWarning() {
        ServiceConfig agent = ServiceConfig.builder().name("agent").image("a").volumes(List.of(DATA))
                .deploy(new DeployConfig("global", null, null, null, null, null, null, null)).build();

        ConversionResult r = ConvertFixture.convert(spec(agent, VolumeConfig.DEFAULT));

        assertThat(ConvertFixture.object(r, "DaemonSet/agent").at("/spec/template/spec/volumes/0/emptyDir").isObject())
                .isTrue();
        assertThat(r.warnings()).containsExactly("service \"agent\": volume \"data\" of a global service is an"
                + " emptyDir (DaemonSets have no volume claims)");
    }
}
