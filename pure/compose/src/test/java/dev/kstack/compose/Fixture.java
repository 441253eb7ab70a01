package dev.kstack.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes small projects into a temporary directory. */
final class Fixture {
    private Fixture() {
    }

    /** Writes each {@code relative path -> content}; "|" at the start of a line stands for nothing (keeps text blocks readable). */
    static Path write(Path dir, Map<String, String> files) {
        files.forEach((name, content) -> {
            try {
                Path p = dir.resolve(name);
                Files.createDirectories(p.getParent());
                Files.writeString(p, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return dir;
    }

    static ComposeProject loadText(String yaml) throws ComposeException {
        return ComposeLoader.loadText("compose.yaml", yaml, LoadOptions.of(Path.of("/project"), Map.of())).project();
    }

    static String errors(String yaml) {
        try {
            loadText(yaml);
            return "(no error)";
        } catch (ComposeException e) {
            return e.getMessage();
        }
    }
}
