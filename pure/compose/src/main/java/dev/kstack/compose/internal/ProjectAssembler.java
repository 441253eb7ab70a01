package dev.kstack.compose.internal;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeProject;
import dev.kstack.compose.LoadOptions;
import dev.kstack.compose.LoadResult;
import dev.kstack.compose.SourceLocations;
import dev.kstack.compose.yaml.Mark;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YSeq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one load: environment, files, merging, {@code extends}, {@code include}, profiles, env files,
 * implicit defaults, reference checks and binding. One instance per load.
 */
public final class ProjectAssembler {
    private static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
    private static final List<String> OVERRIDE_FILES = List.of("compose.override.yaml", "compose.override.yml",
            "docker-compose.override.yml", "docker-compose.override.yaml");

    private final LoadOptions options;
    private final Path workingDir;
    private final Problems problems = new Problems();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Function<String, Optional<String>> lookup = name -> Optional.ofNullable(environment.get(name));
    private SourceReader reader;

    public ProjectAssembler(LoadOptions options) {
        this.options = options;
        this.workingDir = options.workingDir().toAbsolutePath().normalize();
    }

    /** Loads the files the options name (or the defaults). */
    public LoadResult load() throws ComposeException {
        List<Path> files = composeFiles();
        problems.throwIfAny();
        Path projectDir = files.get(0).getParent();
        readEnvironment(projectDir);
        problems.throwIfAny();
        reader = new SourceReader(problems, options.limits(), lookup, notes, workingDir);
        YMap merged = null;
        for (Path f : files) {
            Optional<YMap> top = reader.file(f, projectDir, Mark.none(reader.display(f)), "");
            if (top.isPresent()) {
                merged = merged == null ? top.get() : Merger.project(merged, top.get());
            }
        }
        problems.throwIfAny();
        return finish(merged, reader.display(files.get(0)), projectDir);
    }

    /** Loads compose text that comes from no file (the server side), relative to the working directory. */
    public LoadResult loadText(String name, String yaml) throws ComposeException {
        readEnvironment(workingDir);
        problems.throwIfAny();
        reader = new SourceReader(problems, options.limits(), lookup, notes, workingDir);
        Optional<YMap> top = reader.text(name, yaml, workingDir);
        problems.throwIfAny();
        return finish(top.orElseThrow(), name, workingDir);
    }

    private LoadResult finish(YMap merged, String mainFile, Path projectDir) throws ComposeException {
        YMap top = new ExtendsResolver(reader, problems).resolve(merged, mainFile);
        top = new Includes(reader, problems).apply(top, mainFile, new LinkedHashSet<>(List.of(mainFile)));
        top = (YMap) Merger.strip(top);
        problems.throwIfAny();
        String name = projectName(top, projectDir);
        top = Profiles.apply(top, activeProfiles(), problems, notes);
        top = new ServiceFiles(problems, lookup).apply(top);
        top = Defaults.apply(top, name);
        References.check(top, problems);
        problems.throwIfAny();
        return new Assembled(top, name).bind(notes, mainFile);
    }

    /** Binds the final tree. */
    private record Assembled(YMap top, String name) {
        LoadResult bind(List<String> notes, String mainFile) {
            YMap withName = top.with("name", YScalar.string(name, top.mark()));
            return new LoadResult(Binder.record(withName, ComposeProject.class, ""), notes,
                    new SourceLocations(top, mainFile));
        }
    }

    // ---- files and environment ------------------------------------------------------------------

    private List<Path> composeFiles() {
        List<Path> files = new ArrayList<>();
        if (!options.files().isEmpty()) {
            options.files().forEach(f -> files.add(workingDir.resolve(f).normalize()));
        } else if (options.environment().containsKey("COMPOSE_FILE")) {
            String separator = options.environment().getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
            for (String f : options.environment().get("COMPOSE_FILE").split(java.util.regex.Pattern.quote(separator))) {
                if (!f.isBlank()) {
                    files.add(workingDir.resolve(f.trim()).normalize());
                }
            }
        } else {
            DEFAULT_FILES.stream().map(workingDir::resolve).filter(Files::isRegularFile).findFirst().ifPresent(files::add);
            if (!files.isEmpty()) {
                OVERRIDE_FILES.stream().map(workingDir::resolve).filter(Files::isRegularFile).findFirst().ifPresent(files::add);
            }
        }
        if (files.isEmpty()) {
            problems.add(Mark.none(workingDir.toString()), "", "no compose file found; expected one of "
                    + String.join(", ", DEFAULT_FILES) + " (or use -f)");
        }
        return files;
    }

    private void readEnvironment(Path projectDir) {
        List<Path> envFiles = new ArrayList<>();
        options.envFiles().forEach(f -> envFiles.add(workingDir.resolve(f).normalize()));
        boolean explicit = !envFiles.isEmpty();
        if (!explicit && Files.isRegularFile(projectDir.resolve(".env"))) {
            envFiles.add(projectDir.resolve(".env"));
        }
        Function<String, Optional<String>> processOnly = n -> Optional.ofNullable(options.environment().get(n));
        for (Path f : envFiles) {
            String display = f.startsWith(workingDir) ? workingDir.relativize(f).toString() : f.toString();
            try {
                environment.putAll(DotEnv.parse(display, Files.readString(f, StandardCharsets.UTF_8), processOnly, problems));
            } catch (IOException e) {
                problems.add(Mark.none(display), "", "cannot read the env file: " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file" : e.getMessage()));
            }
        }
        environment.putAll(options.environment());
    }

    private List<String> activeProfiles() {
        List<String> active = new ArrayList<>(options.profiles());
        Optional.ofNullable(environment.get("COMPOSE_PROFILES")).ifPresent(p -> {
            for (String s : p.split(",")) {
                if (!s.isBlank()) {
                    active.add(s.trim());
                }
            }
        });
        return active;
    }

    // ---- project name -----------------------------------------------------------------------------

    private String projectName(YMap top, Path projectDir) {
        if (!options.projectName().isEmpty()) {
            return checkedName(options.projectName(), Mark.none("-p"), "");
        }
        String fromEnv = environment.get("COMPOSE_PROJECT_NAME");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return checkedName(fromEnv, Mark.none("COMPOSE_PROJECT_NAME"), "");
        }
        Optional<YNode> inFile = top.get("name");
        if (inFile.isPresent() && inFile.get() instanceof YScalar s && !s.text().isEmpty()) {
            return checkedName(s.text(), s.mark(), "name");
        }
        Path dirName = projectDir.getFileName();
        String derived = (dirName == null ? "" : dirName.toString()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "")
                .replaceAll("^[^a-z0-9]+", "");
        if (derived.isEmpty()) {
            problems.add(Mark.none(projectDir.toString()), "", "cannot derive a project name from the directory name; use -p or name:");
        }
        return derived;
    }

    private String checkedName(String name, Mark at, String path) {
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            problems.add(at, path, "invalid project name \"" + name
                    + "\"; expected lower-case letters, digits, '-' and '_', starting with a letter or digit");
        }
        return name;
    }

    /** Small helpers over the tree shared by the later stages. */
    static YMap mapAt(YMap m, String key) {
        return m.get(key).filter(YMap.class::isInstance).map(YMap.class::cast).orElse(YMap.empty(m.mark()));
    }

    static List<YNode> seqAt(YMap m, String key) {
        return m.get(key).filter(YSeq.class::isInstance).map(n -> ((YSeq) n).items()).orElse(List.of());
    }

    static Optional<String> textAt(YMap m, String key) {
        return m.get(key).filter(v -> v instanceof YScalar s && !s.isNull()).map(v -> ((YScalar) v).text());
    }

    static Set<String> keys(YMap m) {
        return new LinkedHashSet<>(m.entries().keySet());
    }

    static YMap replaceServices(YMap top, Map<String, YMap> services) {
        YMap old = mapAt(top, "services");
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>();
        services.forEach((k, v) -> out.put(k, new YMap.Entry(old.entries().containsKey(k)
                ? old.entries().get(k).key() : YScalar.string(k, v.mark()), v)));
        return top.with("services", YMap.owning(out, old.mark(), old.tag()));
    }
}
