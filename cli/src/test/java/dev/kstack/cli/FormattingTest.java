package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.api.ServiceConfig;
import dev.kstack.api.ServicePortConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class FormattingTest {
    @Test
    void tablesAlignColumnsWithThreeSpaces() {
        Table t = new Table("name", "services", "created at").add("hellokube", 3, "2026-11-25T16:41:59Z")
                .add("a", 10, "");

        assertThat(t.render()).isEqualTo(
                "NAME        SERVICES   CREATED AT\n"
                + "hellokube   3          2026-11-25T16:41:59Z\n"
                + "a           10\n");
    }

    @Test
    void jsonAndYamlUseLowerCaseKeys() {
        Table t = new Table("name", "created at").add("hellokube", "now");

        assertThat(OutputFormat.JSON.render(t)).contains("\"created_at\" : \"now\"").startsWith("[");
        assertThat(OutputFormat.YAML.render(t)).isEqualTo("- name: hellokube\n  created_at: now\n");
    }

    @ParameterizedTest
    @CsvSource({"web,web", "front_end,front_end (front-end)", "serviceA,serviceA (servicea)", "my.db,my.db (my-db)"})
    void aServiceShowsItsComposeNameAndItsObjectsNameWhenTheyDiffer(String service, String shown) {
        dev.kstack.convert.ServiceNames names = dev.kstack.convert.ServiceNames.of(dev.kstack.api.StackSpec.of(
                List.of(ServiceConfig.of(service, "busybox"))));

        assertThat(StackViews.service(service, names)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"90s,90", "5m,300", "1h30m,5400", "30d,2592000", "1d12h,129600", "120,120", "0,0"})
    void durations(String text, long seconds) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void durationsInOtherFormsAreRefused() {
        assertThatThrownBy(() -> DurationConverter.parse("5 minutes"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("not a duration");
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.format(Duration.ofSeconds(300))).isEqualTo("5m");
    }

    @ParameterizedTest
    @CsvSource({"5,5s", "192,3m12s", "900,15m", "18000,5h", "200000,2d"})
    void agesAsKubectlPrintsThem(long seconds, String age) {
        Instant now = Instant.parse("2026-11-25T17:00:00Z");
        assertThat(StackViews.age(now.minusSeconds(seconds).toString(), now)).isEqualTo(age);
    }

    @Test
    void portsShowPublishedAndTarget() {
        assertThat(StackViews.port(new ServicePortConfig("ingress", 80, 33000, "tcp"))).isEqualTo("33000->80/tcp");
        assertThat(StackViews.port(new ServicePortConfig("ingress", 53, 0, "UDP"))).isEqualTo("53/udp");
    }

    @Test
    void publishedPortsShowTheAddressTheClusterGaveThem() {
        ServiceConfig web = ServiceConfig.of("web", "nginx").toBuilder().ports(List.of(
                new ServicePortConfig("ingress", 80, 8080, "tcp"), new ServicePortConfig("ingress", 9000, 0, "tcp")))
                .build();
        assertThat(StackViews.ports(web, "127.0.0.1")).isEqualTo("127.0.0.1:8080->80/tcp, 9000/tcp");
        assertThat(StackViews.ports(web, "")).isEqualTo("8080->80/tcp, 9000/tcp");
    }

    @Test
    void logLinesAreMergedInTimeOrderAndPrefixed() {
        var a = List.of(LogLines.parse("web.x1", "2026-11-25T17:00:02.000000000Z second"),
                LogLines.parse("web.x1", "2026-11-25T17:00:04.000000000Z fourth"));
        var b = List.of(LogLines.parse("words.abcde", "2026-11-25T17:00:01.000000000Z first"),
                LogLines.parse("words.abcde", "2026-11-25T17:00:03.000000000Z third"));
        LogLines format = new LogLines(List.of("web.x1", "words.abcde"), List.of("web", "words"), false);

        assertThat(LogLines.merge(List.of(a, b))).extracting(l -> format.format("any", l)).containsExactly(
                "words.abcde | first", "web.x1      | second", "words.abcde | third", "web.x1      | fourth");
        assertThat(LogLines.source("words", "words-8b844d8b4-8gb69")).isEqualTo("words.8gb69");
    }

    @Test
    void colouredPrefixesDifferPerService() {
        LogLines format = new LogLines(List.of("a.1"), List.of("a", "b"), true);
        var line = new LogLines.Line("", "a.1", "hi");

        assertThat(format.format("a", line)).isEqualTo("\u001b[36ma.1 |\u001b[0m hi");
        assertThat(format.format("b", line)).isEqualTo("\u001b[33ma.1 |\u001b[0m hi");
    }
}
