package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.compose.internal.Interpolator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {
    private static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "", "PORT", "8080", "INNER", "in");
    private final Interpolator interpolator = new Interpolator(n -> Optional.ofNullable(ENV.get(n)));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain|plain",
        "$SET|value",
        "${SET}|value",
        "pre-${SET}-post|pre-value-post",
        "$SET.x|value.x",
        "${UNSET}|``",
        "$UNSET|``",
        "${UNSET:-def}|def",
        "${EMPTY:-def}|def",
        "${UNSET-def}|def",
        "${EMPTY-def}|``",
        "${SET:-def}|value",
        "${SET:+alt}|alt",
        "${EMPTY:+alt}|``",
        "${EMPTY+alt}|alt",
        "${UNSET+alt}|``",
        "${UNSET:-${INNER}}|in",
        "${UNSET:-a${UNSET2:-${INNER}}b}|ainb",
        "${SET:?boom}|value",
        "$$SET|$SET",
        "$${SET}|${SET}",
        "cost: 5$|cost: 5$",
        "a $ b|a $ b",
        "${PORT}:80|8080:80",
    })
    void expands(String template, String expected) throws Exception {
        assertThat(interpolator.expand(template)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "${UNSET:?is required}|required variable UNSET is missing a value: is required",
        "${EMPTY:?}|required variable EMPTY is missing a value",
        "${UNSET?needed}|required variable UNSET is missing a value: needed",
        "${SET|invalid interpolation \"${SET\": missing }",
        "${1X}|invalid interpolation \"${1X}\": expected a variable name",
        "${SET*x}|invalid interpolation \"${SET*x}\": expected one of :- - :? ? :+ + after SET",
    })
    void rejects(String template, String message) {
        assertThatThrownBy(() -> interpolator.expand(template)).hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void interpolatesValuesButNotKeysAndReportsThePosition() {
        String yaml = "services:\n  ${SET}:\n    image: \"nginx:${TAG:-latest}\"\n    environment:\n      X: ${MISSING:?set it}\n";
        assertThatThrownBy(() -> ComposeLoader.loadText("c.yaml", yaml, LoadOptions.of(java.nio.file.Path.of("/tmp"), ENV)))
                .isInstanceOf(ComposeException.class)
                .hasMessage("c.yaml:2:3: services.\"${SET}\": invalid name; expected letters, digits, '.', '_' or '-'\n"
                        + "c.yaml:5:10: services.\"${SET}\".environment.X: required variable MISSING is missing a value: set it");
    }
}
