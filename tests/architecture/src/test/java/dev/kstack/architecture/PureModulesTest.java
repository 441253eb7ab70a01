package dev.kstack.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure modules (compose loading, the Stack API types, conversion) are functions over values: they never
 * reach a Kubernetes client, an HTTP client or the modules that talk to a cluster.
 */
class PureModulesTest {
    static final String[] PURE = {"dev.kstack.compose..", "dev.kstack.api..", "dev.kstack.convert.."};
    static final String[] CLIENTS = {"io.fabric8.kubernetes.client..", "io.vertx..", "okhttp3..", "java.net.http..",
        "java.net.HttpURLConnection", "dev.kstack.cli..", "dev.kstack.testenv..", "dev.kstack.controller..",
        "dev.kstack.server..", "dev.kstack.apiserver.."};

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kstack");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.kstack.compose", "dev.kstack.api", "dev.kstack.convert", "dev.kstack.cli"})
    void theCheckedPackagesAreOnTheClasspath(String pkg) {
        // Guards the rules below against passing because nothing was imported.
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(pkg)).count()).isPositive();
    }

    @Test
    void pureModulesUseNoClient() {
        noClasses().that().resideInAnyPackage(PURE).should().dependOnClassesThat().resideInAnyPackage(CLIENTS)
                .because("compose loading and conversion are pure functions; the apply layer talks to the cluster")
                .check(classes);
    }

    @Test
    void composeAndApiTypesDoNotUseKubernetesModelClasses() {
        noClasses().that().resideInAnyPackage("dev.kstack.compose..", "dev.kstack.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..")
                .because("the compose model and the wire types are plain values; only conversion builds Kubernetes objects")
                .check(classes);
    }

    @Test
    void composeLoadingKnowsNothingOfStacks() {
        noClasses().that().resideInAPackage("dev.kstack.compose..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kstack.api..", "dev.kstack.convert..")
                .check(classes);
    }

    @Test
    void apiTypesDoNotDependOnLoadingOrConversion() {
        noClasses().that().resideInAPackage("dev.kstack.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kstack.compose..", "dev.kstack.convert..")
                .check(classes);
    }
}
