package dev.kstack.compose.internal;

import dev.kstack.compose.ComposeException;
import dev.kstack.compose.Diagnostic;
import dev.kstack.compose.yaml.Mark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects every diagnostic of a load, so that all problems are reported together. */
public final class Problems {
    private final List<Diagnostic> list = new ArrayList<>();

    public void add(Mark at, String path, String message) {
        list.add(new Diagnostic(at.file(), at.line(), at.column(), path, message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /**
     * Throws when anything was reported: diagnostics grouped by file (first-seen order), then by position (the
     * exception keeps the first {@link ComposeException#MAX_REPORTED}).
     */
    public void throwIfAny() throws ComposeException {
        if (list.isEmpty()) {
            return;
        }
        Map<String, Integer> fileOrder = new LinkedHashMap<>();
        for (Diagnostic d : list) {
            fileOrder.putIfAbsent(d.file(), fileOrder.size());
        }
        List<Diagnostic> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.<Diagnostic>comparingInt(d -> fileOrder.get(d.file()))
                .thenComparingInt(Diagnostic::line)
                .thenComparingInt(Diagnostic::column));
        throw new ComposeException(sorted.stream().distinct().toList());
    }
}
