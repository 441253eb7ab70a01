package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.compose.internal.DotEnv;
import dev.kstack.compose.internal.Problems;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotEnvTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "A=1|A|1",
        "export A=1|A|1",
        "A = spaced |A|spaced",
        "A=value # comment|A|value",
        "A=value#not-a-comment|A|value#not-a-comment",
        "A='single $HOME \\n'|A|single $HOME \\n",
        "A=\"double\\tescaped\\n\"|A|`double\tescaped⏎`",
        "A=\"quoted # not a comment\"|A|quoted # not a comment",
        "A=\"line1⏎line2\"|A|`line1⏎line2`",
        "A='multi⏎line'|A|`multi⏎line`",
        "# comment⏎⏎A=x|A|x",
        "B=b⏎A=${B}-$B|A|b-b",
        "A=${FROM_ENV}|A|env",
        "A=${NOPE:-def}|A|def",
        "A=\"\\$literal\"|A|$literal",
        "A=|A|``",
        "FROM_ENV|FROM_ENV|env",
    })
    void parses(String text, String key, String expected) {
        Problems problems = new Problems();
        Map<String, String> values = DotEnv.parse(".env", text.replace("⏎", "\n"), n -> n.equals("FROM_ENV") ? Optional.of("env") : Optional.empty(),
                problems);
        assertThat(problems.isEmpty()).isTrue();
        assertThat(values).containsEntry(key, expected.replace("⏎", "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "A=\"open|.env:1:3: unterminated double quote in the value of A",
        "X=1⏎A='open|.env:2:3: unterminated single quote in the value of A",
        "1A=x|.env:1:1: invalid variable name \"1A\"; expected KEY=VALUE",
    })
    void reportsProblems(String text, String expected) {
        Problems problems = new Problems();
        DotEnv.parse(".env", text.replace("⏎", "\n"), n -> Optional.empty(), problems);
        org.assertj.core.api.Assertions.assertThatThrownBy(problems::throwIfAny).hasMessage(expected);
    }
}
