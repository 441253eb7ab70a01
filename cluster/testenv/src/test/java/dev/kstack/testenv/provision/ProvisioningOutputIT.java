package dev.kstack.testenv.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the provisioning prints, on a machine that has run it once (its packages installed, apt's lists fetched):
 * the first-time control-plane build step by step with its progress (with stand-ins for the long parts: the source
 * download and make), the cached runs of every script with nothing but their own lines, and downloads without
 * apt's "unsandboxed" warning.
 */
class ProvisioningOutputIT {
    @TempDir
    Path tmp;

    /**
     * provision-control-plane.sh with an empty cache: apt-get (source, download) and make are stand-ins on PATH that
     * hand over a tiny kubernetes tree and print what {@code make} with {@code go install -v} prints, slowly.
     */
    @Test
    void theFirstBuildShowsEveryStepAndHowFarTheCompileIs() throws Exception {
        Path fakes = Files.createDirectories(tmp.resolve("bin"));
        Bash setup = Bash.run(STAND_INS, Map.of("FAKES", fakes.toString(), "WORK", tmp.toString()));
        assertThat(setup.exit()).as(setup.err()).isZero();

        Bash run = Bash.run(List.of("bash", "scripts/provision-control-plane.sh"), Map.of(
                "PATH", fakes + ":" + System.getenv("PATH"), "XDG_CACHE_HOME", tmp.resolve("cache").toString(),
                "KSTACK_PROGRESS_INTERVAL", "1"));

        System.out.print(run.err());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).last().asString().startsWith(tmp.resolve("cache/kstack/kubernetes-").toString())
                .endsWith("/bin");
        String err = run.err();
        assertThat(err.lines()).allMatch(l -> l.startsWith("[provision] "), "every line is the script's own");
        assertThat(err).contains("[provision] downloading the source of kubernetes ",
                "[provision] unpacking kubernetes_", "vendored modern-go/reflect2 replaced",
                "[provision] counting the Go packages of cmd/kube-apiserver", "[provision] building cmd/kube-apiserver",
                "[provision] compiling Go packages ...\n", "[provision] compiling Go packages: done in ",
                "[provision] cached in ")
                .containsPattern("\\[provision] compiling Go packages \\.\\.\\. \\d+s \\(\\d+/\\d+, \\d+%\\)\n")
                .doesNotContain("W: ", "+++ [", "Building go targets");
    }

    /** The state after the first run: each script only says that its result is cached, then prints where. */
    @ParameterizedTest
    @CsvSource({"scripts/provision-control-plane.sh, /kubernetes-, false",
            "scripts/provision-docker-cli.sh, /usr/bin/docker, false",
            "scripts/provision-real-node.sh, /kubernetes-, true",
            "scripts/provision-images.sh, /images-, true"})
    void aCachedRunPrintsOnlyItsOwnLines(String script, String result, boolean asRoot) throws Exception {
        assumeTrue(!asRoot || "root".equals(System.getProperty("user.name")), script + " runs as root");
        Bash.run(List.of("bash", script), Map.of());   // fills the cache where this machine has not run it yet

        Bash run = Bash.run(List.of("bash", script), Map.of());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).last().asString().contains(result);
        assertThat(run.err().lines()).allMatch(l -> l.matches("\\[[a-z-]+] .*"), "every line is a script's own");
        assertThat(run.err()).doesNotContain("W: ", "debconf", "Reading database", "Get:");
    }

    /** apt downloads as its _apt user, which may not enter root's home: the download goes through a folder it may. */
    @Test
    void aDownloadIntoAFolderAptCannotEnterGivesNoWarning() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the warning is root's");
        Path closed = Files.createDirectories(tmp.resolve("closed/inside"));
        Bash chmod = Bash.run("chmod 700 " + tmp.resolve("closed"), Map.of());
        assertThat(chmod.exit()).isZero();

        Bash run = Bash.run("source scripts/lib/progress.sh; apt_fetch \"$DIR\" download golang-github-modern-go-reflect2-dev",
                Map.of("DIR", closed.toString()));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("unsandboxed", "W: ");
        try (var files = Files.list(closed)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .singleElement().asString().startsWith("golang-github-modern-go-reflect2-dev_").endsWith(".deb");
        }
    }

    /**
     * The stand-ins: a kubernetes source tarball with what the script patches and replaces, a reflect2 package, an
     * apt-get that hands them over, and a make that prints the package lines of {@code go install -v} (the names
     * from {@code go list}) and writes the five binaries.
     */
    private static final String STAND_INS = """
            set -euo pipefail
            src="$WORK/kubernetes-1.20.2"
            mkdir -p "$src/pkg/kubelet" "$src/vendor/github.com/modern-go/reflect2"
            printf 'package kubelet\\n\\nfunc reclaimed() bool {\\n\\t// pod'"'"'s sandboxes should be deleted\\n\\tif len(runtimeStatus.SandboxStatuses) > 0 {\\n\\t\\tklog.V(3).Infof("Pod %%q is terminated, but some pod sandboxes have not been cleaned up")\\n\\t\\treturn false\\n\\t}\\n\\treturn true\\n}\\n' \\
                >"$src/pkg/kubelet/kubelet_pods.go"
            for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy; do
              mkdir -p "$src/cmd/$b" && printf 'package main\\n\\nfunc main() {}\\n' >"$src/cmd/$b/main.go"
            done
            tar -czf "$WORK/kubernetes_1.20.2.orig.tar.gz" -C "$WORK" kubernetes-1.20.2
            deb="$WORK/reflect2-deb"
            mkdir -p "$deb/DEBIAN" "$deb/usr/share/gocode/src/github.com/modern-go/reflect2"
            printf 'package reflect2\\n' >"$deb/usr/share/gocode/src/github.com/modern-go/reflect2/reflect2.go"
            printf 'Package: golang-github-modern-go-reflect2-dev\\nVersion: 1.0.2-2\\nArchitecture: all\\nMaintainer: test <t@t>\\nDescription: stand-in\\n' \\
                >"$deb/DEBIAN/control"
            dpkg-deb -b "$deb" "$WORK/golang-github-modern-go-reflect2-dev_1.0.2-2_all.deb" >/dev/null
            cat >"$FAKES/apt-get" <<EOS
            #!/bin/sh
            while [ "\\${1#-}" != "\\$1" ]; do shift; done
            case "\\$1" in
              source) cp "$WORK/kubernetes_1.20.2.orig.tar.gz" . ;;
              download) cp "$WORK"/golang-github-modern-go-reflect2-dev_*.deb . ;;
              *) echo "apt-get stand-in: \\$*" >&2; exit 1 ;;
            esac
            EOS
            cat >"$FAKES/make" <<'EOS'
            #!/bin/bash
            what=${1#WHAT=}
            case " $what " in *" -v "*) ;; *) echo "make stand-in: no -v in WHAT" >&2; exit 1 ;; esac
            what=${what% -v}
            echo "+++ [1203 10:00:00] Building go code generators"
            echo "k8s.io/kubernetes/vendor/k8s.io/code-generator/cmd/deepcopy-gen"
            echo "+++ [1203 10:00:01] Building go targets for linux/amd64:"
            for t in $what; do echo "    $t"; done
            for i in 1 2 3 4 5 6; do echo "k8s.io/kubernetes/pkg/part$i"; sleep 0.5; done
            mkdir -p _output/bin
            for t in $what; do printf '#!/bin/sh\\n' >"_output/bin/${t##*/}"; chmod +x "_output/bin/${t##*/}"; done
            EOS
            chmod +x "$FAKES/apt-get" "$FAKES/make"
            """;
}
