package dev.kstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kstack.compose.model.Port;
import dev.kstack.compose.model.Service;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Several files, extends, include, profiles, env files, project names. */
class CompositionTest {
    @TempDir
    Path dir;

    private LoadResult load(Map<String, String> env, String... files) throws ComposeException {
        return ComposeLoader.load(LoadOptions.of(dir, env).withFiles(java.util.Arrays.stream(files).map(Path::of).toList()));
    }

    private Service web(LoadResult r) {
        return r.project().services().get("web");
    }

    @Test
    void overrideFilesMergeByTheSpecificationsRules() throws Exception {
        Fixture.write(dir, Map.of(
                "compose.yaml", """
                        services:
                          web:
                            image: nginx:1
                            command: [a, b]
                            environment: {A: "1", B: "1"}
                            dns: [1.1.1.1]
                            ports: ["8080:80", "9090:90"]
                            volumes: ["data:/data", "./logs:/logs"]
                            healthcheck: {test: "curl a", interval: 10s}
                            labels: [x=1]
                        volumes:
                          data: {}
                        """,
                "override.yaml", """
                        services:
                          web:
                            image: nginx:2
                            command: [c]
                            environment: [B=2, C=2]
                            dns: [8.8.8.8, 1.1.1.1]
                            ports: ["8080:80/tcp", "7070:70"]
                            volumes: [{type: volume, source: data, target: /data, read_only: true}]
                            healthcheck: {test: ["CMD", "true"]}
                            labels: !override {y: "2"}
                        """));
        Service web = web(load(Map.of(), "compose.yaml", "override.yaml"));
        assertThat(web.image()).hasValue("nginx:2");
        assertThat(web.command()).hasValue(List.of("c"));
        assertThat(web.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "2"));
        assertThat(web.dns()).containsExactly("1.1.1.1", "8.8.8.8");
        assertThat(web.ports()).extracting(Port::published).extracting(p -> p.orElse(""))
                .containsExactly("8080", "9090", "7070");
        assertThat(web.volumes()).hasSize(2);
        assertThat(web.volumes().get(0).readOnly()).hasValue(true);
        assertThat(web.volumes().get(1).source()).hasValue(dir.resolve("logs").toString());
        assertThat(web.healthcheck().orElseThrow().test()).containsExactly("CMD", "true");
        assertThat(web.healthcheck().orElseThrow().interval()).hasValue(java.time.Duration.ofSeconds(10));
        assertThat(web.labels()).containsExactly(Map.entry("y", "2"));
    }

    @Test
    void resetRemovesWhatAnEarlierFileSet() throws Exception {
        Fixture.write(dir, Map.of(
                "a.yaml", "services:\n  web:\n    image: x\n    ports: ['80:80']\n    user: root\n",
                "b.yaml", "services:\n  web:\n    ports: !reset []\n    user: !reset null\n"));
        Service web = web(load(Map.of(), "a.yaml", "b.yaml"));
        assertThat(web.ports()).isEmpty();
        assertThat(web.user()).isEmpty();
    }

    @Test
    void aResetLeftInTheLastFileIsRemovedWithoutDisturbingItsNeighbours() throws Exception {
        Fixture.write(dir, Map.of("compose.yaml", "services:\n  web:\n    image: x\n    user: !reset root\n    tty: true\n"));
        Service web = web(load(Map.of(), "compose.yaml"));
        assertThat(web.user()).isEmpty();
        assertThat(web.image()).hasValue("x");
        assertThat(web.tty()).hasValue(true);
    }

    @Test
    void extendsWorksInTheSameFileInAnotherFileAndChained() throws Exception {
        Fixture.write(dir, Map.of(
                "compose.yaml", """
                        services:
                          base:
                            image: base
                            environment: {A: "1"}
                          middle:
                            extends: base
                            environment: {B: "1"}
                          web:
                            extends: {service: middle}
                            environment: {C: "1"}
                          other:
                            extends: {file: lib/common.yaml, service: common}
                        """,
                "lib/common.yaml", """
                        services:
                          common:
                            image: common
                            volumes: ["./conf:/conf"]
                        """));
        LoadResult r = load(Map.of(), "compose.yaml");
        assertThat(web(r).image()).hasValue("base");
        assertThat(web(r).environment()).containsOnlyKeys("A", "B", "C");
        Service other = r.project().services().get("other");
        assertThat(other.image()).hasValue("common");
        assertThat(other.volumes().get(0).source()).hasValue(dir.resolve("lib/conf").toString());
    }

    @Test
    void anExtendsCycleIsAnError() {
        Fixture.write(dir, Map.of("compose.yaml", "services:\n  a:\n    extends: b\n  b:\n    extends: a\n"));
        assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).hasMessageContaining(
                "compose.yaml:5:14: services.b.extends.service: extends cycle:");
    }

    @Test
    void includeAddsTheResourcesOfAnotherProject() throws Exception {
        Fixture.write(dir, Map.of(
                "compose.yaml", "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: web\n    depends_on: [db]\n",
                "db/compose.yaml", "services:\n  db:\n    image: postgres\n    volumes: ['./init:/init', 'pg:/data']\nvolumes:\n  pg: {}\n"));
        LoadResult r = load(Map.of(), "compose.yaml");
        assertThat(r.project().services()).containsOnlyKeys("web", "db");
        assertThat(r.project().services().get("db").volumes().get(0).source()).hasValue(dir.resolve("db/init").toString());
        assertThat(r.project().volumes()).containsKey("pg");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // why | TAG in the process environment | TAG in the includer's .env | include entry | image of the included service
        "the included project's own .env|''|''|sub/compose.yaml|app:from-sub-env",
        "the process environment wins over the included .env|from-process|''|sub/compose.yaml|app:from-process",
        "the includer's .env wins over the included .env|''|from-top-env|sub/compose.yaml|app:from-top-env",
        "env_file of the entry, relative to the including file|''|''|{path: sub/compose.yaml, env_file: other.env}|app:from-other",
        "env_file replaces the included .env|''|''|{path: sub/compose.yaml, env_file: [other.env]}|app:from-other",
    })
    void includedProjectsReadTheirOwnEnvironment(String why, String process, String topEnv, String entry, String image)
            throws Exception {
        Fixture.write(dir, Map.of(
                "compose.yaml", "include:\n  - " + entry + "\nservices:\n  web:\n    image: web:${TAG:-none}\n",
                "sub/compose.yaml", "services:\n  app:\n    image: app:${TAG}\n    env_file: app.env\n",
                "sub/.env", "TAG=from-sub-env\n",
                "sub/app.env", "MODE=production\n",
                "other.env", "TAG=from-other\n"));
        if (!topEnv.isEmpty()) {
            Fixture.write(dir, Map.of(".env", "TAG=" + topEnv + "\n"));
        }
        LoadResult r = load(process.isEmpty() ? Map.of() : Map.of("TAG", process), "compose.yaml");

        assertThat(r.project().services().get("app").image()).as(why).hasValue(image);
        assertThat(r.project().services().get("app").environment()).containsEntry("MODE", "production");
        String top = !process.isEmpty() ? process : !topEnv.isEmpty() ? topEnv : "none";
        assertThat(web(r).image()).as("the includer's own variables").hasValue("web:" + top);
    }

    @Test
    void aMissingEnvFileOfAnIncludeIsAnError() {
        Fixture.write(dir, Map.of(
                "compose.yaml", "include:\n  - path: sub/compose.yaml\n    env_file: missing.env\nservices: {}\n",
                "sub/compose.yaml", "services:\n  app: {image: app}\n"));
        assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).hasMessage(
                "compose.yaml:3:15: include[0].env_file: cannot read missing.env: no such file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // volume | HOME | expected source
        "~/data:/d|/home/ann|/home/ann/data",
        "~:/d|/home/ann|/home/ann",
        "~/a/../b:/d|/home/ann|/home/ann/b",
        "~bob/x:/d|/home/ann|~bob/x",
        "~/data:/d|''|~/data",
        "{type: bind, source: ~/long, target: /d}|/home/ann|/home/ann/long",
    })
    void aTildeInABindSourceIsTheHomeDirectory(String volume, String home, String expected) throws Exception {
        Fixture.write(dir, Map.of("compose.yaml", "services:\n  web:\n    image: x\n    volumes: [" + volume + "]\n"));
        LoadResult r = load(home.isEmpty() ? Map.of() : Map.of("HOME", home), "compose.yaml");

        assertThat(web(r).volumes().get(0).type()).isEqualTo("bind");
        assertThat(web(r).volumes().get(0).source()).hasValue(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // top-level entry | name | defaulted
        "volumes: {data: {}}|demo_data|true",
        "volumes: {data: {name: shared-data}}|shared-data|false",
        "volumes: {data: {external: true}}|data|true",
        "volumes: {data: {external: true, name: existing}}|existing|false",
        "networks: {data: {}}|demo_data|true",
        "networks: {data: {name: lan}}|lan|false",
    })
    void whetherANameWasWrittenOrDefaultedIsKept(String resources, String name, boolean defaulted) throws Exception {
        Fixture.write(dir, Map.of("compose.yaml", "name: demo\nservices:\n  web: {image: x}\n" + resources + "\n"));
        ComposeProject p = load(Map.of(), "compose.yaml").project();

        if (resources.startsWith("volumes")) {
            assertThat(p.volumes().get("data").name()).hasValue(name);
            assertThat(p.volumes().get("data").nameDefaulted()).isEqualTo(defaulted);
        } else {
            assertThat(p.networks().get("data").name()).hasValue(name);
            assertThat(p.networks().get("data").nameDefaulted()).isEqualTo(defaulted);
        }
        assertThat(p.networks().get("default").nameDefaulted()).isTrue();
    }

    @Test
    void anUnsetVariableInEnvironmentIsNullAndAnEnvFileValueFillsIt() throws Exception {
        Fixture.write(dir, Map.of(
                "compose.yaml", "services:\n  web:\n    image: x\n    environment: [FROM_FILE, UNSET, SET]\n"
                        + "    env_file: web.env\n",
                "web.env", "FROM_FILE=file\n"));
        Service web = web(load(Map.of("SET", "process"), "compose.yaml"));

        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("FROM_FILE", "file");
        expected.put("UNSET", null);
        expected.put("SET", "process");
        assertThat(web.environment()).containsExactlyEntriesOf(expected);
        assertThat(ProjectWriter.toYaml(load(Map.of(), "compose.yaml").project())).contains("      UNSET: null\n");
    }

    @Test
    void includeConflictsAreErrors() {
        Fixture.write(dir, Map.of(
                "compose.yaml", "include: [other.yaml]\nservices:\n  web:\n    image: web\n",
                "other.yaml", "services:\n  web:\n    image: other\n"));
        assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).hasMessage(
                "compose.yaml:3:3: services.web: also defined in the included file other.yaml; names must be unique");
    }

    @ParameterizedTest(name = "profiles={0} COMPOSE_PROFILES={1}")
    @CsvSource(delimiter = '|', value = {
        "''|''|web",
        "debug|''|web,debugger",
        "''|debug|web,debugger",
        "tools|''|web,tool",
        "debug|tools|web,debugger,tool",
        "*|''|web,debugger,tool",
    })
    void profilesSelectServices(String profiles, String fromEnv, String expected) throws Exception {
        Fixture.write(dir, Map.of("compose.yaml", """
                services:
                  web: {image: web}
                  debugger: {image: d, profiles: [debug]}
                  tool: {image: t, profiles: [tools, debug-tools]}
                """));
        LoadOptions o = LoadOptions.of(dir, fromEnv.isEmpty() ? Map.of() : Map.of("COMPOSE_PROFILES", fromEnv))
                .withProfiles(profiles.isEmpty() ? List.of() : List.of(profiles));
        assertThat(ComposeLoader.load(o).project().services().keySet()).containsExactly(expected.split(","));
    }

    @Test
    void aRequiredDependencyOnADisabledServiceIsAnError() {
        Fixture.write(dir, Map.of("compose.yaml", "services:\n  web:\n    image: w\n    depends_on: [db]\n  db:\n    image: d\n    profiles: [db]\n"));
        assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).hasMessage(
                "compose.yaml:4:18: services.web.depends_on.db: service \"db\" is not enabled; it needs one of the profiles [db]");
    }

    @Test
    void envFilesFeedInterpolationAndServiceEnvironment() throws Exception {
        Fixture.write(dir, Map.of(
                ".env", "TAG=1.2\nexport PORT=8080\n",
                "custom.env", "TAG=9\n",
                "web.env", "# web\nA=from-file\nB=\"from file\"\n",
                "compose.yaml", """
                        services:
                          web:
                            image: app:${TAG}
                            ports: ["${PORT}:80"]
                            env_file: [web.env, {path: missing.env, required: false}]
                            environment: {A: explicit, HOME_DIR: "${HOME:-none}"}
                        """));
        Service web = web(load(Map.of("HOME", "/home/u"), "compose.yaml"));
        assertThat(web.image()).hasValue("app:1.2");
        assertThat(web.ports().get(0).published()).hasValue("8080");
        assertThat(web.environment()).isEqualTo(Map.of("A", "explicit", "B", "from file", "HOME_DIR", "/home/u"));

        Service withEnvFile = web(ComposeLoader.load(LoadOptions.of(dir, Map.of("TAG", "env-wins"))
                .withFiles(List.of(Path.of("compose.yaml"))).withEnvFiles(List.of(Path.of("custom.env")))));
        assertThat(withEnvFile.image()).hasValue("app:env-wins");
    }

    @Test
    void aMissingRequiredEnvFileIsAnError() {
        Fixture.write(dir, Map.of("compose.yaml", "services:\n  web:\n    image: w\n    env_file: nope.env\n"));
        assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).hasMessage("compose.yaml:4:15: services.web.env_file[0]: env file "
                + dir.resolve("nope.env") + " not found (add required: false to make it optional)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-p wins|from-flag|from-env|from-file|from-flag",
        "environment next|''|from-env|from-file|from-env",
        "then name:|''|''|from-file|from-file",
        "then the directory|''|''|''|my_app-1",
    })
    void projectName(String why, String flag, String env, String inFile, String expected) throws Exception {
        Path project = dir.resolve("My App-1");
        Fixture.write(project, Map.of("compose.yaml", (inFile.isEmpty() ? "" : "name: " + inFile + "\n") + "services:\n  web: {image: w}\n"));
        LoadOptions o = LoadOptions.of(project, env.isEmpty() ? Map.of() : Map.of("COMPOSE_PROJECT_NAME", env)).withProjectName(flag);
        assertThat(ComposeLoader.load(o).project().name()).isEqualTo(expected.replace("my_app-1", "myapp-1"));
    }

    @Test
    void anInvalidExplicitProjectNameIsAnError() {
        Fixture.write(dir, Map.of("compose.yaml", "name: My_App\nservices:\n  web: {image: w}\n"));
        assertThatThrownBy(() -> load(Map.of(), "compose.yaml")).hasMessage("compose.yaml:1:7: name: invalid project name \"My_App\"; "
                + "expected lower-case letters, digits, '-' and '_', starting with a letter or digit");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"})
    void defaultFileNames(String name) throws Exception {
        Fixture.write(dir, Map.of(name, "services:\n  web: {image: w}\n"));
        assertThat(ComposeLoader.load(LoadOptions.of(dir, Map.of())).project().services()).containsKey("web");
    }

    @Test
    void composeFileVariableListsFiles() throws Exception {
        Fixture.write(dir, Map.of("a.yaml", "services:\n  web: {image: a}\n", "b.yaml", "services:\n  web: {image: b}\n"));
        LoadOptions o = LoadOptions.of(dir, Map.of("COMPOSE_FILE", "a.yaml:b.yaml"));
        assertThat(web(ComposeLoader.load(o)).image()).hasValue("b");
    }

    @Test
    void noComposeFileIsAnError() {
        assertThatThrownBy(() -> ComposeLoader.load(LoadOptions.of(dir, Map.of()))).hasMessage(dir
                + ": no compose file found; expected one of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml (or use -f)");
    }
}
