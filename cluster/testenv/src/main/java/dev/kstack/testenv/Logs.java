package dev.kstack.testenv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the end of a component's log for error messages. */
final class Logs {
    private Logs() {
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()).stream()
                    .map(l -> l.length() > 400 ? l.substring(0, 400) + " ..." : l).toList());
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
