package dev.kstack.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kstack.api.InternalPort;
import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import dev.kstack.api.ServiceVolumeConfig;
import dev.kstack.api.StackSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose service names that are not Kubernetes names: derived object names, and the compose name still resolves. */
class ServiceNamesTest {
    private static final ServicePortConfig WEB_PORT = new ServicePortConfig("ingress", 80, 8080, "tcp");

    static ServiceConfig service(String name, ServicePortConfig... ports) {
        return ServiceConfig.builder().name(name).image("busybox").ports(List.of(ports)).build();
    }

    static ConversionResult convert(Map<String, String> addresses, ServiceConfig... services) throws Exception {
        return StackConverter.convert(new StackInput("shop", "prod", StackSpec.of(List.of(services)), Map.of(),
                Map.of(), addresses));
    }

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of(service("front_end", WEB_PORT),
                        List.of("Service/front-end", "Service/front-end-published", "Deployment/front-end"),
                        "ClusterIP"),
                Arguments.of(service("front_end"), List.of("Service/front-end", "Deployment/front-end"), "None"),
                Arguments.of(service("serviceA", WEB_PORT),
                        List.of("Service/servicea", "Service/servicea-published", "Deployment/servicea"), "None"),
                Arguments.of(service("another_2", new ServicePortConfig("ingress", 80, 0, "tcp")),
                        List.of("Service/another-2", "Service/another-2-random-ports", "Deployment/another-2"),
                        "ClusterIP"),
                Arguments.of(service("my.db").toBuilder().internalPorts(List.of(new InternalPort(5432, "tcp"))).build(),
                        List.of("Service/my-db", "Deployment/my-db"), "ClusterIP"));
    }

    /** The objects get the derived name, the labels keep the compose name; a renamed service with ports is ClusterIP. */
    @ParameterizedTest
    @MethodSource("objects")
    void objectsAreNamedByTheDerivedNameAndLabelledWithTheComposeName(ServiceConfig s, List<String> names,
            String clusterIp) throws Exception {
        ConversionResult r = convert(Map.of(), s);

        assertThat(ConvertFixture.names(r)).containsExactlyElementsOf(names);
        String object = names.get(0).substring("Service/".length());
        JsonNode internal = ConvertFixture.object(r, names.get(0));
        assertThat(internal.at("/spec/clusterIP").asText("ClusterIP")).isEqualTo(clusterIp);
        assertThat(internal.at("/spec/selector/com.docker.service.name").asText()).isEqualTo(s.name());
        JsonNode workload = ConvertFixture.object(r, "Deployment/" + object);
        assertThat(workload.at("/metadata/labels/com.docker.service.name").asText()).isEqualTo(s.name());
        assertThat(workload.at("/metadata/labels/com.docker.service.id").asText()).isEqualTo("shop-" + s.name());
        assertThat(workload.at("/spec/template/spec/containers/0/name").asText()).isEqualTo(object);
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                Arguments.of(service("front_end", WEB_PORT), "service \"front_end\": its Kubernetes objects are named"
                        + " \"front-end\"; the stack's pods resolve \"front_end\" to the ClusterIP of Service"
                        + " \"front-end\" through /etc/hosts, written once the Service has its address"),
                Arguments.of(service("front_end"), "service \"front_end\": its Kubernetes objects are named"
                        + " \"front-end\"; \"front_end\" does not resolve (its internal Service is headless: list its"
                        + " ports under expose to get a ClusterIP)"),
                Arguments.of(service("serviceA"), "service \"serviceA\": its Kubernetes objects are named"
                        + " \"servicea\" (DNS ignores case, so \"serviceA\" resolves)"));
    }

    @ParameterizedTest
    @MethodSource("warnings")
    void aRenamedServiceIsOneWarningNamingBothNames(ServiceConfig s, String warning) throws Exception {
        assertThat(convert(Map.of(), s).warnings()).containsExactly(warning);
    }

    @Test
    void twoNamesThatWouldCollideGetDistinctObjects() throws Exception {
        ConversionResult r = convert(Map.of(), service("front-end"), service("front_end"));

        assertThat(ConvertFixture.names(r)).hasSize(4).doesNotHaveDuplicates()
                .contains("Deployment/front-end").anyMatch(n -> n.matches("Deployment/front-end-[0-9a-f]{5}"));
    }

    @Test
    void withoutTheAddressesThePodsHaveTheKubeletsHostsFileAndTheNamesAreUnresolved() throws Exception {
        ConversionResult r = convert(Map.of(), service("front_end", WEB_PORT), service("db_server", WEB_PORT),
                service("cache"));

        assertThat(r.unresolved()).containsExactly("db_server", "front_end");
        assertThat(ConvertFixture.object(r, "Deployment/cache").at("/spec/template/metadata/annotations").isMissingNode())
                .isTrue();
    }

    @Test
    void withTheAddressesEveryPodOfTheStackResolvesTheComposeNames() throws Exception {
        ServiceConfig cache = service("cache").toBuilder().extraHosts(List.of("mirror:10.1.1.1")).build();
        ConversionResult r = convert(Map.of("front_end", "10.96.0.10", "db_server", "10.96.0.11"),
                service("front_end", WEB_PORT), service("db_server", WEB_PORT), cache);

        assertThat(r.unresolved()).isEmpty();
        for (String workload : List.of("front-end", "db-server", "cache")) {
            JsonNode pod = ConvertFixture.object(r, "Deployment/" + workload).at("/spec/template");
            String hosts = pod.at("/metadata/annotations/kstack.dev~1hosts").asText();
            assertThat(hosts).contains("127.0.0.1\tlocalhost\n", "10.96.0.11\tdb_server\n", "10.96.0.10\tfront_end\n");
            assertThat(pod.at("/spec/volumes/0/downwardAPI/items/0/fieldRef/fieldPath").asText())
                    .isEqualTo("metadata.annotations['kstack.dev/hosts']");
            assertThat(pod.at("/spec/containers/0/volumeMounts/0").toString())
                    .isEqualTo("{\"mountPath\":\"/etc/hosts\",\"name\":\"kstack-hosts\",\"readOnly\":true,"
                            + "\"subPath\":\"hosts\"}");
        }
        // The kubelet does not write hostAliases into a hosts file it does not manage: extra_hosts are in kstack's.
        assertThat(ConvertFixture.object(r, "Deployment/cache").at("/spec/template/metadata/annotations")
                .path("kstack.dev/hosts").asText()).endsWith("10.1.1.1\tmirror\n");
    }

    @Test
    void anotherAddressChangesThePodTemplateSoThePodsRoll() throws Exception {
        JsonNode before = ConvertFixture.object(convert(Map.of("db_server", "10.96.0.11"),
                service("db_server", WEB_PORT), service("web")), "Deployment/web").at("/spec/template");
        JsonNode after = ConvertFixture.object(convert(Map.of("db_server", "10.96.0.12"),
                service("db_server", WEB_PORT), service("web")), "Deployment/web").at("/spec/template");

        assertThat(after).isNotEqualTo(before);
        assertThat(after.at("/metadata/annotations").path("kstack.dev/hosts").asText()).contains("10.96.0.12\tdb_server");
    }

    @Test
    void aServiceThatMountsEtcHostsItselfKeepsItsOwnAndIsWarned() throws Exception {
        ServiceConfig own = service("web").toBuilder().volumes(List.of(
                new ServiceVolumeConfig("bind", "/srv/hosts", "/etc/hosts", true, null))).build();
        ConversionResult r = convert(Map.of("db_server", "10.96.0.11"), service("db_server", WEB_PORT), own);

        assertThat(ConvertFixture.object(r, "Deployment/web").at("/spec/template/metadata/annotations").isMissingNode())
                .isTrue();
        assertThat(r.warnings()).contains("service \"web\": mounts /etc/hosts itself, so the names [db_server] do not"
                + " resolve in its pods");
    }

    @Test
    void namedVolumesOfAStackWithoutTopLevelVolumesGetTheDerivedClaimName() throws Exception {
        ServiceConfig db = service("db_server").toBuilder().volumes(List.of(
                new ServiceVolumeConfig("volume", "db_data", "/var/lib/db", false, null))).build();
        JsonNode set = ConvertFixture.object(convert(Map.of(), db), "StatefulSet/db-server");

        assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("db-data");
        assertThat(set.at("/spec/serviceName").asText()).isEqualTo("db-server");
    }
}
