package dev.kstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConvertCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KstackCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    Path compose(String text) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void printsAYamlStreamAndWarningsOnStderr() throws Exception {
        Path file = compose("services:\n  web:\n    build: .\n    image: nginx\n    ports: [\"8080:80\"]\n");

        Run r = run("convert", "-f", file.toString(), "--stack", "shop", "-n", "prod");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("warning: service \"web\": build is ignored\n");
        assertThat(r.out()).contains("kind: Service\n", "name: web-published\n", "kind: Deployment\n",
                "com.docker.stack.namespace: shop\n", "namespace: prod\n", "protocol: TCP\n");
        assertThat(r.out().split("\n---\n")).hasSize(3);
    }

    @Test
    void configAndConvertPrintEveryErrorOfAFileInDocumentOrder() throws Exception {
        Path file = compose("services:\n  web:\n    image: [nginx]\n    ports: ['80:http']\n  db:\n    tty: 3\n");
        String expected = "compose.yaml:3:12: services.web.image: expected a string, got a sequence\n"
                + "compose.yaml:4:13: services.web.ports[0]: invalid port \"80:http\": \"http\" is not a port or a port "
                + "range; expected [ip:][published[-range]:]target[-range][/protocol]\n"
                + "compose.yaml:6:10: services.db.tty: expected a boolean (true or false), got an integer\n";
        expected = expected.replace("compose.yaml:", file + ":");

        Run config = run("config", "-f", file.toString());
        Run convert = run("convert", "-f", file.toString());

        assertThat(config.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(config.err()).isEqualTo(expected);
        assertThat(convert.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(convert.err()).isEqualTo(expected);
        assertThat(convert.out()).isEmpty();
    }

    @Test
    void writesOneFilePerObjectInApplyOrder() throws Exception {
        Path file = compose("services:\n  web:\n    image: nginx\n");
        Path out = dir.resolve("out");

        Run r = run("convert", "-f", file.toString(), "-o", "json", "--output-dir", out.toString());

        assertThat(r.exit()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("1-service-web.json", "2-deployment-web.json");
        }
        assertThat(Files.readString(out.resolve("2-deployment-web.json"))).contains("\"kind\" : \"Deployment\"");
    }

    @Test
    void writesAKustomizationThatKubectlBuildsIntoTheConvertedObjects() throws Exception {
        Path file = Path.of(System.getProperty("kstack.root", "..")).resolve("examples/wordsmith/docker-compose.yml")
                .toAbsolutePath().normalize();
        Path out = dir.resolve("kustomized");

        Run r = run("convert", "-f", file.toString(), "-o", "kustomize", "--output-dir", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote 7 files and kustomization.yaml to " + out);
        assertThat(Files.readString(out.resolve("kustomization.yaml"))).startsWith("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                - 1-service-db.yaml
                """);
        // kubectl's own kustomize builds exactly the objects kstack convert prints
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", out.toString()).redirectErrorStream(true).start();
        String built = new String(kubectl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as(built).isZero();
        String printed = run("convert", "-f", file.toString()).out();
        assertThat(ChartExportHelmTest.sorted(DeployManifestsTest.documents(built)))
                .isEqualTo(ChartExportHelmTest.sorted(DeployManifestsTest.documents(printed)));
    }

    @Test
    void kustomizeNeedsAnOutputDirectory() throws Exception {
        Path file = compose("services:\n  web:\n    image: nginx\n");
        Run r = run("convert", "-f", file.toString(), "-o", "kustomize");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("-o kustomize writes a directory: give it with --output-dir DIR");
    }

    @Test
    void whatKubernetesCannotExpressIsExitCodeTwoWithFileLineColumnAndPath() throws Exception {
        Path file = compose("services:\n  web:\n    image: nginx\n    volumes: [\"/data:/data\"]\n"
                + "  _private:\n    image: nginx\n");

        Run r = run("convert", "-f", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(file.getFileName() + ":5:3: services._private: service name \"_private\" cannot be"
                + " the value of the label com.docker.service.name");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void serviceNamesKubernetesRefusesConvertWithOneWarningEach() throws Exception {
        Path file = compose("services:\n  front_end:\n    image: busybox\n    ports: ['8080:80']\n"
                + "  db_server:\n    image: busybox\n    expose: ['5432']\n");

        Run r = run("convert", "-f", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).containsOnlyOnce("warning: service \"front_end\": its Kubernetes objects are named"
                + " \"front-end\"").containsOnlyOnce("warning: service \"db_server\": its Kubernetes objects are named"
                + " \"db-server\"");
        assertThat(r.out()).contains("name: front-end-published", "com.docker.service.name: front_end");
    }

    @Test
    void writesAHelmChartNamedAsTheStackOrAsNameSays() throws Exception {
        Path file = compose("services:\n  web:\n    image: nginx\n");
        Path chart = dir.resolve("chart");

        Run r = run("convert", "-f", file.toString(), "--stack", "shop", "--chart", chart.toString());
        Run named = run("convert", "-f", file.toString(), "--stack", "shop", "--chart", dir.resolve("named").toString(),
                "--name", "shop-chart");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("wrote the chart shop (2 objects) to " + chart + "\n");
        try (var files = Files.walk(chart)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> chart.relativize(p).toString()).sorted())
                    .containsExactly("Chart.yaml", "templates/NOTES.txt", "templates/deployment-web.yaml",
                            "templates/service-web.yaml", "values.yaml");
        }
        assertThat(Files.readString(chart.resolve("Chart.yaml"))).contains("name: shop\n");
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(Files.readString(dir.resolve("named/Chart.yaml"))).contains("name: shop-chart\n");
    }

    @Test
    void aChartGoesIntoAnEmptyDirectoryOrWithForceReplacesTheOldChart() throws Exception {
        Path file = compose("services:\n  web:\n    image: nginx\n");
        Path chart = Files.createDirectories(dir.resolve("chart/templates"));
        Files.writeString(chart.resolve("deployment-old.yaml"), "kind: Deployment\n");
        Files.writeString(dir.resolve("chart/README.md"), "mine\n");

        Run refused = run("convert", "-f", file.toString(), "--chart", dir.resolve("chart").toString());
        Run forced = run("convert", "-f", file.toString(), "--chart", dir.resolve("chart").toString(), "--force");

        assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).isEqualTo("error: --chart " + dir.resolve("chart") + ": the directory is not empty"
                + " (--force replaces its Chart.yaml, values.yaml and templates/)\n");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(chart.resolve("deployment-old.yaml")).doesNotExist();
        assertThat(chart.resolve("deployment-web.yaml")).exists();
        assertThat(dir.resolve("chart/README.md")).hasContent("mine");
    }

    @Test
    void chartOptionsThatDoNotFitAreUsageErrors() throws Exception {
        Path file = compose("services:\n  web:\n    image: nginx\n");
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        String chart = dir.resolve("chart").toString();

        assertThat(run("convert", "-f", file.toString(), "--chart", chart, "-o", "json").err())
                .isEqualTo("error: --chart writes a chart of YAML templates; it does not go with --output-dir, -o json or -o kustomize\n");
        assertThat(run("convert", "-f", file.toString(), "--chart", chart, "--name", "My_Chart").err())
                .isEqualTo("error: --name My_Chart: \"My_Chart\" is not a valid DNS-1123 label: lower-case letters, "
                        + "digits and '-', starting and ending with a letter or digit\n");
        assertThat(run("convert", "-f", file.toString(), "--name", "x").err())
                .isEqualTo("error: --name and --force go with --chart\n");
        Run r = run("convert", "-f", file.toString(), "--chart", notADir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("error: --chart " + notADir + ": not a directory\n");
        assertThat(dir.resolve("chart")).doesNotExist();
    }
}
