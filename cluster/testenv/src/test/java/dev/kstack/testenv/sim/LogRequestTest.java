package dev.kstack.testenv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogRequestTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @ParameterizedTest(name = "?{0}")
    @CsvSource(delimiter = '|', value = {
            // query                                    | follow | tail | timestamps | since                | limit | previous
            "''                                         | false  | -1   | false      | -1000000000-01-01T00:00:00Z | -1 | false",
            "follow=true                                | true   | -1   | false      | -1000000000-01-01T00:00:00Z | -1 | false",
            "follow=1&tailLines=5                       | true   | 5    | false      | -1000000000-01-01T00:00:00Z | -1 | false",
            "timestamps=true&sinceSeconds=60            | false  | -1   | true       | 2026-01-01T09:59:00Z | -1    | false",
            "sinceTime=2026-01-01T09%3A00%3A00Z         | false  | -1   | false      | 2026-01-01T09:00:00Z | -1    | false",
            "limitBytes=100&previous=true&tailLines=0   | false  | 0    | false      | -1000000000-01-01T00:00:00Z | 100 | true",
            "follow=false&timestamps=False              | false  | -1   | false      | -1000000000-01-01T00:00:00Z | -1 | false",
    })
    void readsTheOptionsTheApiServerForwards(String query, boolean follow, long tail, boolean timestamps,
                                             Instant since, long limit, boolean previous) {
        assertThat(LogRequest.parse(query, NOW))
                .isEqualTo(new LogRequest(follow, tail, timestamps, since, limit, previous));
    }

    @ParameterizedTest(name = "?{0}")
    @CsvSource(delimiter = '|', value = {
            "tailLines=-1         | tailLines must not be negative",
            "tailLines=x          | tailLines is not a number",
            "sinceSeconds=0       | sinceSeconds must be positive",
            "limitBytes=0         | limitBytes must be positive",
            "follow=maybe         | follow is not a boolean",
            "sinceTime=yesterday  | sinceTime is not an RFC 3339 time",
    })
    void rejectsInvalidOptions(String query, String message) {
        assertThatThrownBy(() -> LogRequest.parse(query, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void noQueryMeansTheWholeLog() {
        assertThat(LogRequest.parse(null, NOW)).isEqualTo(LogRequest.ALL);
    }
}
