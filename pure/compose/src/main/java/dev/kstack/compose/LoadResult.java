package dev.kstack.compose;

import java.util.List;

/**
 * What a load gives: the project, notes about input that was accepted but ignored or changed
 * (one line each, for example {@code the top-level "version" is obsolete and ignored}), and where each place of the
 * project was written (for problems found after loading).
 */
public record LoadResult(ComposeProject project, List<String> notes, SourceLocations locations) {
    public LoadResult {
        notes = List.copyOf(notes);
    }
}
