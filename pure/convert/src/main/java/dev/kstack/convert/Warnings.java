package dev.kstack.convert;

import java.util.List;
import java.util.TreeSet;

/** Collects one line per thing that is not honoured, in the form {@code service "web": build is ignored}. */
final class Warnings {
    private final TreeSet<String> lines = new TreeSet<>();

    void service(String service, String what) {
        lines.add("service \"" + service + "\": " + what);
    }

    List<String> sorted() {
        return List.copyOf(lines);
    }
}
