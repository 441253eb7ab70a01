package dev.kstack.compose.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kstack.compose.internal.Problems;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain scalars get the YAML 1.2 core schema's kinds; quoted and tagged ones are strings unless the tag says otherwise. */
class YamlReaderTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "null|NULL", "Null|NULL", "NULL|NULL", "~|NULL", "``|NULL", "nil|STRING", "nginx|STRING", "~/data|STRING",
        "true|BOOL", "True|BOOL", "FALSE|BOOL", "yes|STRING", "tcp|STRING", "falsey|STRING", "Truth|STRING",
        "8080|INT", "-1|INT", "+3|INT", "0o17|INT", "0x1F|INT", "8080:80|STRING", "1.5|FLOAT", ".5|FLOAT",
        "1e3|FLOAT", ".inf|FLOAT", ".NaN|FLOAT", "10s|STRING", "-x|STRING", "'1'|STRING", "\"true\"|STRING",
        "!!str 1|STRING", "!!int '7'|INT", "!reset 5|INT",
    })
    void scalarKinds(String scalar, YScalar.Kind kind) {
        Problems problems = new Problems();
        YMap root = (YMap) YamlReader.read("t.yaml", "k: " + scalar + "\n", Limits.DEFAULT, problems).orElseThrow();

        assertThat(((YScalar) root.get("k").orElseThrow()).kind()).isEqualTo(kind);
    }
}
