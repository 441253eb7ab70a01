package dev.kstack.compose;

import java.util.List;

/**
 * What a load gives: the project and notes about input that was accepted but ignored or changed
 * (one line each, for example {@code the top-level "version" is obsolete and ignored}).
 */
public record LoadResult(ComposeProject project, List<String> notes) {
    public LoadResult {
        notes = List.copyOf(notes);
    }
}
