package dev.kstack.server;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.ComposeLoader;
import dev.kstack.compose.LoadOptions;
import dev.kstack.convert.InvalidStackException;
import dev.kstack.convert.compose.ComposeToStack;
import dev.kstack.convert.compose.ComposeToStack.MappedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Parses the {@code composeFile} of a v1beta1 Stack into the structured spec: the compose loader, then the
 * compose → Stack mapping of pure/convert. The server runs with no environment and in an empty directory, and
 * refuses compose keys that would make it read files of its own machine ({@code env_file}, {@code label_file},
 * {@code extends.file}, {@code include}): a compose file sent through the API must be self-contained.
 */
public final class ComposeFileParser {
    /** The name the text has in the loader's messages. */
    public static final String FILE_NAME = "composeFile";
    private static final Path EMPTY_DIR = emptyDirectory();

    private ComposeFileParser() {
    }

    /** The text does not make a stack; each message names the line and path ({@code composeFile:3:5: ...}). */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<String> messages;

        ParseException(List<String> messages) {
            super(String.join("\n", messages));
            this.messages = List.copyOf(messages);
        }

        public List<String> messages() {
            return messages;
        }
    }

    public static MappedStack parse(String stackName, String composeFile) throws ParseException {
        if (composeFile.isBlank()) {
            throw new ParseException(List.of(FILE_NAME + ": the compose file is empty"));
        }
        List<String> fileAccess = fileAccess(composeFile);
        if (!fileAccess.isEmpty()) {
            throw new ParseException(fileAccess);
        }
        try {
            LoadOptions options = LoadOptions.of(EMPTY_DIR, Map.of()).withProjectName(stackName);
            return ComposeToStack.map(ComposeLoader.loadText(FILE_NAME, composeFile, options).project(), stackName, "");
        } catch (ComposeException e) {
            throw new ParseException(e.diagnostics().stream().map(Object::toString).toList());
        } catch (InvalidStackException e) {
            throw new ParseException(e.problems().stream().map(p -> FILE_NAME + ": " + p).toList());
        }
    }

    /** The keys that would read server-side files; syntax errors are left to the loader to report. */
    static List<String> fileAccess(String composeFile) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setMaxAliasesForCollections(50).build())
                    .loadFromString(composeFile);
        } catch (RuntimeException | StackOverflowError e) {
            // Deeply nested text overflows this unbounded pre-scan; the loader refuses it with its position.
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (!(document instanceof Map<?, ?> top)) {
            return problems;
        }
        if (top.containsKey("include")) {
            problems.add(FILE_NAME + ": include: is not supported in a compose file sent to the server");
        }
        if (top.get("services") instanceof Map<?, ?> services) {
            services.forEach((name, service) -> {
                if (service instanceof Map<?, ?> s) {
                    for (String key : List.of("env_file", "label_file")) {
                        if (s.containsKey(key)) {
                            problems.add(FILE_NAME + ": services." + name + "." + key
                                    + ": files cannot be read by the server; put the values in the compose file");
                        }
                    }
                    if (s.get("extends") instanceof Map<?, ?> ext && ext.containsKey("file")) {
                        problems.add(FILE_NAME + ": services." + name
                                + ".extends.file: files cannot be read by the server; extend a service of this file");
                    }
                }
            });
        }
        return problems;
    }

    private static Path emptyDirectory() {
        try {
            Path dir = Files.createTempDirectory("kstack-compose-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
