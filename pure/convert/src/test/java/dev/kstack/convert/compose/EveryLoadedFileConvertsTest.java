package dev.kstack.convert.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.api.ServiceConfig;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.ConversionResult;
import dev.kstack.convert.StackConverter;
import dev.kstack.convert.StackInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classes of compose files that load but that kstack used to refuse: each converts, with the objects named as
 * documented, the Stack keeping the compose names, and one warning saying what kstack did.
 */
class EveryLoadedFileConvertsTest {
    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("service names with _ and capitals",
                        "services:\n  front_end:\n    image: busybox\n    ports: ['8080:80']\n"
                                + "    environment: {DB_HOST: db_server}\n"
                                + "  db_server:\n    image: busybox\n    expose: ['5432']\n"
                                + "  serviceA:\n    image: busybox\n",
                        List.of("front_end", "db_server", "serviceA"),
                        List.of("Service/db-server", "Service/front-end", "Service/front-end-published",
                                "Service/servicea", "Deployment/db-server", "Deployment/front-end",
                                "Deployment/servicea"),
                        "service \"db_server\": its Kubernetes objects are named \"db-server\"; the stack's pods"
                                + " resolve \"db_server\" to the ClusterIP of Service \"db-server\" through /etc/hosts,"
                                + " written once the Service has its address"),
                Arguments.of("build with an image that interpolated to nothing",
                        "services:\n  web:\n    build: .\n    image: ${TAG:-}\n",
                        List.of("web"), List.of("Service/web", "Deployment/web"),
                        "service \"web\": build is ignored; the image \"project-web\" must be pushed where the"
                                + " cluster can pull it"),
                Arguments.of("a provider service, and a service that depends on it",
                        "services:\n  database:\n    provider: {type: awesomecloud, options: {type: mysql}}\n"
                                + "  app:\n    image: busybox\n    depends_on: [database]\n",
                        List.of("app"), List.of("Service/app", "Deployment/app"),
                        "service \"database\": is left out: it has a provider (awesomecloud), and kstack does not run"
                                + " provider plugins"),
                Arguments.of("a volume key with _ as a service's volume source",
                        "services:\n  db:\n    image: busybox\n    volumes: ['db_data:/var/lib/db']\n"
                                + "volumes:\n  db_data: {}\n",
                        List.of("db"), List.of("Service/db", "StatefulSet/db"),
                        "volume \"db_data\": the claims are named \"db-data\" (a valid Kubernetes name)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void convertsWithTheDocumentedNamesAndOneWarning(String what, String yaml, List<String> stackServices,
            List<String> objects, String warning) throws Exception {
        ComposeToStack.MappedStack mapped = ComposeToStack.map(ComposeLoader.loadText("compose.yaml", yaml,
                LoadOptions.of(Path.of("/project"), Map.of())).project(), "shop", "/home/me");
        ConversionResult result = StackConverter.convert(StackInput.of(mapped.name(), "prod", mapped.spec()));

        assertThat(mapped.spec().services()).extracting(ServiceConfig::name).containsExactlyElementsOf(stackServices);
        assertThat(result.objects()).extracting((HasMetadata o) -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyElementsOf(objects);
        List<String> warnings = Stream.concat(mapped.warnings().stream(), result.warnings().stream()).toList();
        assertThat(warnings).containsOnlyOnce(warning);
    }
}
