package dev.kstack.compose;

import dev.kstack.compose.yaml.Mark;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YSeq;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a place of the loaded project was written, so that a problem found after loading (by the mapping to a Stack
 * or its conversion) can be reported as {@code FILE:LINE:COL: PATH: MESSAGE} like a load error. A path is the one
 * diagnostics use, {@code services.web.volumes[0].source}; keys may contain dots ({@code services.my.web}).
 */
public final class SourceLocations {
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final YMap top;
    private final String mainFile;

    /** The locations of the loaded tree {@code top}, whose main file is {@code mainFile}. */
    public SourceLocations(YMap top, String mainFile) {
        this.top = top;
        this.mainFile = mainFile;
    }

    /** Locations that know no place: every problem is reported against {@code file} without line and column. */
    public static SourceLocations none(String file) {
        return new SourceLocations(YMap.empty(Mark.none(file)), file);
    }

    /** The problem at {@code path} as a diagnostic, at the deepest node of the path that exists. */
    public Diagnostic diagnostic(String path, String message) {
        Mark m = mark(path).orElse(Mark.none(mainFile));
        return new Diagnostic(m.file(), m.line(), m.column(), path, message);
    }

    /** Where the deepest node on {@code path} starts; empty when not even the first key exists. */
    public Optional<Mark> mark(String path) {
        YNode node = top;
        Mark found = null;
        String rest = path;
        while (!rest.isEmpty()) {
            if (node instanceof YMap map) {
                YMap.Entry entry = longestKey(map, rest);
                if (entry == null) {
                    break;
                }
                rest = rest.substring(entry.key().text().length());
                rest = rest.startsWith(".") ? rest.substring(1) : rest;
                node = entry.value();
                found = real(entry.key().mark(), found);
            } else if (node instanceof YSeq seq) {
                Matcher m = INDEX.matcher(rest);
                if (!m.lookingAt() || Integer.parseInt(m.group(1)) >= seq.items().size()) {
                    break;
                }
                node = seq.items().get(Integer.parseInt(m.group(1)));
                rest = rest.substring(m.end());
                rest = rest.startsWith(".") ? rest.substring(1) : rest;
                found = real(node.mark(), found);
            } else {
                break;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The entry whose key is the longest prefix of {@code path} ending at a {@code .}, a {@code [} or the end. */
    private static YMap.Entry longestKey(YMap map, String path) {
        for (int end = path.length(); end > 0; end--) {
            if (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                continue;
            }
            YMap.Entry e = map.entries().get(path.substring(0, end));
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static Mark real(Mark candidate, Mark previous) {
        return candidate.line() > 0 ? candidate : previous;
    }
}
