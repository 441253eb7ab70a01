package dev.kstack.convert.compose;

import dev.kstack.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Where the compose mapping reports: one warning line per thing not honoured, and problems with their path. */
final class MappingNotes {
    private final TreeSet<String> warnings = new TreeSet<>();
    private final List<Problem> problems = new ArrayList<>();

    void service(String service, String what) {
        warnings.add("service \"" + service + "\": " + what);
    }

    void ignored(String service, String attribute) {
        service(service, attribute + " is ignored");
    }

    void top(String kind, String name, String what) {
        warnings.add(kind + " \"" + name + "\": " + what);
    }

    void project(String what) {
        warnings.add(what);
    }

    void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }
}
