package dev.kstack.compose.internal;

import dev.kstack.compose.yaml.Mark;
import dev.kstack.compose.yaml.YMap;
import dev.kstack.compose.yaml.YNode;
import dev.kstack.compose.yaml.YScalar;
import dev.kstack.compose.yaml.YTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Expands the short (string) forms of ports, volumes, devices and the like into the long-form mappings
 * that the rest of the loader works with. Problems are reported against the scalar's position.
 */
final class ShortSyntax {
    private static final Set<String> VOLUME_OPTIONS = Set.of("ro", "rw", "z", "Z", "nocopy", "shared", "rshared",
            "slave", "rslave", "private", "rprivate", "consistent", "cached", "delegated");

    private final Problems problems;

    ShortSyntax(Problems problems) {
        this.problems = problems;
    }

    /** A mapping builder that gives every generated key and value the position of the short form. */
    static final class MapBuilder {
        private final LinkedHashMap<String, YMap.Entry> entries = new LinkedHashMap<>();
        private final Mark mark;

        MapBuilder(Mark mark) {
            this.mark = mark;
        }

        MapBuilder put(String key, YNode value) {
            entries.put(key, new YMap.Entry(YScalar.string(key, mark), value));
            return this;
        }

        MapBuilder str(String key, String value) {
            return put(key, YScalar.string(value, mark));
        }

        MapBuilder num(String key, long value) {
            return put(key, new YScalar(Long.toString(value), YScalar.Kind.INT, mark, YTag.NONE));
        }

        MapBuilder bool(String key, boolean value) {
            return put(key, new YScalar(Boolean.toString(value), YScalar.Kind.BOOL, mark, YTag.NONE));
        }

        YMap build() {
            return new YMap(entries, mark, YTag.NONE);
        }
    }

    /** {@code [ip:][published[-range]:]target[-range][/protocol]}, one mapping per target port. */
    List<YMap> ports(YScalar s, String path) {
        String text = s.text().trim();
        String protocol = null;
        int slash = text.lastIndexOf('/');
        if (slash >= 0) {
            protocol = text.substring(slash + 1);
            text = text.substring(0, slash);
        }
        String ip = null;
        String rest = text;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                return portError(s, path, "an IPv6 address must be followed by ]:");
            }
            ip = text.substring(1, close);
            rest = text.substring(close + 2);
        }
        String[] parts = rest.split(":", -1);
        String published;
        String target;
        if (parts.length == 1) {
            published = null;
            target = parts[0];
        } else if (parts.length == 2) {
            published = parts[0];
            target = parts[1];
        } else if (parts.length == 3 && ip == null) {
            ip = parts[0];
            published = parts[1];
            target = parts[2];
        } else {
            return portError(s, path, "too many ':'");
        }
        if (published != null && published.isEmpty()) {
            published = null;
        }
        int[] targets = range(target);
        if (targets == null) {
            return portError(s, path, "\"" + target + "\" is not a port or a port range");
        }
        int[] publishedRange = published == null ? null : range(published);
        if (published != null && publishedRange == null) {
            return portError(s, path, "\"" + published + "\" is not a port or a port range");
        }
        int count = targets[1] - targets[0] + 1;
        if (publishedRange != null && count > 1 && publishedRange[1] - publishedRange[0] + 1 != count) {
            return portError(s, path, "the published range and the target range differ in length");
        }
        List<YMap> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MapBuilder b = new MapBuilder(s.mark()).num("target", targets[0] + i);
            if (publishedRange != null) {
                b.str("published", count > 1 || publishedRange[0] == publishedRange[1]
                        ? Integer.toString(publishedRange[0] + i) : published);
            }
            if (ip != null && !ip.isEmpty()) {
                b.str("host_ip", ip);
            }
            if (protocol != null) {
                b.str("protocol", protocol);
            }
            out.add(b.build());
        }
        return out;
    }

    private List<YMap> portError(YScalar s, String path, String why) {
        problems.add(s.mark(), path, "invalid port \"" + s.text() + "\": " + why
                + "; expected [ip:][published[-range]:]target[-range][/protocol]");
        return List.of();
    }

    private static int[] range(String text) {
        int dash = text.indexOf('-');
        try {
            int lo = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(text.substring(dash + 1));
            if (lo < 0 || hi > 65535 || hi < lo) {
                return null;
            }
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code [source:]target[:options]}: bind mount, named volume or anonymous volume. */
    YMap volume(YScalar s, String path) {
        String text = s.text();
        String[] parts = volumeFields(text);
        String source = null;
        String target;
        String options = null;
        if (parts.length == 1) {
            target = parts[0];
        } else if (parts.length == 2) {
            source = parts[0];
            target = parts[1];
        } else if (parts.length == 3) {
            source = parts[0];
            target = parts[1];
            options = parts[2];
        } else {
            problems.add(s.mark(), path, "invalid volume \"" + text + "\": too many ':'; expected [source:]target[:options]");
            return null;
        }
        if (target.isEmpty()) {
            problems.add(s.mark(), path, "invalid volume \"" + text + "\": the target is empty; expected [source:]target[:options]");
            return null;
        }
        boolean bind = source != null && isPath(source);
        MapBuilder b = new MapBuilder(s.mark()).str("type", bind ? "bind" : "volume");
        if (source != null && !source.isEmpty()) {
            b.str("source", source);
        }
        b.str("target", target);
        MapBuilder bindOptions = new MapBuilder(s.mark()).bool("create_host_path", true);
        MapBuilder volumeOptions = new MapBuilder(s.mark());
        boolean anyVolumeOption = false;
        if (options != null) {
            for (String o : options.split(",")) {
                if (!VOLUME_OPTIONS.contains(o)) {
                    problems.add(s.mark(), path, "invalid volume \"" + text + "\": unknown option \"" + o
                            + "\"; expected ro, rw, z, Z, nocopy, a propagation mode or a consistency");
                    return null;
                }
                switch (o) {
                    case "ro" -> b.bool("read_only", true);
                    case "rw" -> { }
                    case "z", "Z" -> bindOptions.str("selinux", o);
                    case "nocopy" -> {
                        volumeOptions.bool("nocopy", true);
                        anyVolumeOption = true;
                    }
                    case "consistent", "cached", "delegated" -> b.str("consistency", o);
                    default -> bindOptions.str("propagation", o);
                }
            }
        }
        if (bind) {
            b.put("bind", bindOptions.build());
        } else if (anyVolumeOption) {
            b.put("volume", volumeOptions.build());
        }
        return b.build();
    }

    static boolean isPath(String source) {
        return source.startsWith(".") || source.startsWith("/") || source.startsWith("~")
                || source.contains("/") || isWindowsPath(source);
    }

    /** {@code C:\data}, {@code d:/x} or a UNC path {@code \\server\share}: a Windows host path. */
    static boolean isWindowsPath(String source) {
        return source.startsWith("\\\\")
                || (source.length() > 1 && Character.isLetter(source.charAt(0)) && source.charAt(1) == ':');
    }

    /**
     * Splits a volume's short form at its colons, as Compose does: a colon right after a single letter that opens a
     * field is a Windows drive ({@code C:\data:D:\config:rw} has three fields), and colons inside {@code ${...}}
     * (left by a file that is not interpolated) do not split. One difference: {@code a:/data} alone is the volume
     * {@code a} at {@code /data}, where Compose reads an anonymous volume at the Windows path {@code a:/data}.
     */
    private static String[] volumeFields(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                braces++;
            } else if (c == '}' && braces > 0) {
                braces--;
            }
            boolean drive = c == ':' && field.length() == 1 && Character.isLetter(field.charAt(0))
                    && i + 1 < text.length() && (text.charAt(i + 1) == '\\' || text.charAt(i + 1) == '/');
            if (c == ':' && braces == 0 && !drive) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        String only = fields.get(0);
        if (fields.size() == 1 && only.length() > 2 && only.charAt(1) == ':' && only.charAt(2) == '/') {
            // "a:/data": an anonymous volume at a Windows path means nothing to a Linux container; a volume named a
            return new String[] {only.substring(0, 1), only.substring(2)};
        }
        return fields.toArray(String[]::new);
    }

    /** {@code source[:target[:permissions]]}. */
    YMap device(YScalar s, String path) {
        String[] parts = s.text().split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            problems.add(s.mark(), path, "invalid device \"" + s.text() + "\"; expected source[:target[:permissions]]");
            return null;
        }
        MapBuilder b = new MapBuilder(s.mark()).str("source", parts[0]).str("target", parts.length > 1 ? parts[1] : parts[0]);
        if (parts.length == 3) {
            b.str("permissions", parts[2]);
        }
        return b.build();
    }

    /** A scalar that stands for a mapping with one key ({@code secrets: [name]}, {@code build: ./dir}). */
    static YMap single(YScalar s, String key) {
        return new MapBuilder(s.mark()).str(key, s.text()).build();
    }

    /** {@code ulimits: {nofile: 1024}} sets both limits. */
    static YMap ulimit(YScalar s) {
        return new MapBuilder(s.mark()).put("soft", s).put("hard", s).build();
    }
}
