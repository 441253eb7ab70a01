package dev.kstack.compose.internal;

import static dev.kstack.compose.internal.ProjectAssembler.mapAt;
import static dev.kstack.compose.internal.ProjectAssembler.seqAt;
import static dev.kstack.compose.internal.ProjectAssembler.textAt;

import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads each service's {@code env_file} and {@code label_file} (dotenv format) into {@code environment} and
 * {@code labels}; values written in the compose file win over values from files, later files over earlier ones.
 */
final class ServiceFiles {
    private final Problems problems;
    private final Function<String, Optional<String>> environment;

    ServiceFiles(Problems problems, Function<String, Optional<String>> environment) {
        this.problems = problems;
        this.environment = environment;
    }

    YMap apply(YMap top) {
        Map<String, YMap> services = new LinkedHashMap<>();
        for (YMap.Entry e : mapAt(top, "services").entries().values()) {
            String name = e.key().text();
            YMap s = (YMap) e.value();
            s = fold(s, "env_file", "environment", name);
            s = fold(s, "label_file", "labels", name);
            services.put(name, s);
        }
        return ProjectAssembler.replaceServices(top, services);
    }

    private YMap fold(YMap service, String filesKey, String targetKey, String name) {
        if (!service.has(filesKey)) {
            return service;
        }
        LinkedHashMap<String, String> fromFiles = new LinkedHashMap<>();
        int index = 0;
        for (YNode item : seqAt(service, filesKey)) {
            String path = "services." + name + "." + filesKey + "[" + index++ + "]";
            String file;
            boolean required = true;
            if (item instanceof YMap m) {
                file = textAt(m, "path").orElse("");
                required = !textAt(m, "required").orElse("true").equals("false");
            } else {
                file = ((YScalar) item).text();
            }
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                fromFiles.putAll(DotEnv.parse(file, text, environment, problems));
            } catch (NoSuchFileException ex) {
                if (required) {
                    problems.add(item.mark(), path, "env file " + file + " not found (add required: false to make it optional)");
                }
            } catch (IOException ex) {
                problems.add(item.mark(), path, "cannot read " + file + ": " + ex.getMessage());
            }
        }
        YMap target = mapAt(service, targetKey);
        LinkedHashMap<String, YMap.Entry> out = new LinkedHashMap<>();
        fromFiles.forEach((k, v) -> out.put(k, new YMap.Entry(YScalar.string(k, service.mark()), YScalar.string(v, service.mark()))));
        target.entries().forEach((k, e) -> {
            if (!(e.value() instanceof YScalar v && v.isNull() && out.containsKey(k))) {
                out.put(k, e); // a value in the file wins; an unset variable does not hide the env file's value
            }
        });
        return out.isEmpty() ? service : service.with(targetKey, YMap.owning(out, target.mark(), target.tag()));
    }
}
