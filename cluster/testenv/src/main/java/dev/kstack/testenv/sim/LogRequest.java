package dev.kstack.testenv.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a {@code GET /containerLogs/...} request, as kube-apiserver forwards them from {@code pods/log}.
 *
 * @param follow       keep the stream open and append new lines
 * @param tailLines    only the last lines of the history; negative means all
 * @param timestamps   prefix each line with its RFC 3339 timestamp
 * @param since        only lines at or after this instant; {@link Instant#MIN} means all
 * @param limitBytes   stop after this many bytes; negative means no limit
 * @param previous     the log of the previous (terminated) instance of the container
 */
public record LogRequest(boolean follow, long tailLines, boolean timestamps, Instant since, long limitBytes,
                         boolean previous) {

    public static final LogRequest ALL = new LogRequest(false, -1, false, Instant.MIN, -1, false);

    /** Reads the request from a raw query string; {@code now} anchors {@code sinceSeconds}. */
    public static LogRequest parse(String rawQuery, Instant now) {
        Map<String, String> params = params(rawQuery);
        Instant since = Instant.MIN;
        if (params.containsKey("sinceSeconds")) {
            long seconds = positive(params, "sinceSeconds");
            since = now.minusSeconds(seconds);
        } else if (params.containsKey("sinceTime")) {
            since = Times.parse(params.get("sinceTime"))
                    .orElseThrow(() -> new IllegalArgumentException(
                            "sinceTime is not an RFC 3339 time: " + params.get("sinceTime")));
        }
        return new LogRequest(
                flag(params, "follow"),
                params.containsKey("tailLines") ? nonNegative(params, "tailLines") : -1,
                flag(params, "timestamps"),
                since,
                params.containsKey("limitBytes") ? positive(params, "limitBytes") : -1,
                flag(params, "previous"));
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Like Go's strconv.ParseBool, which the kubelet uses; a present key without a value means true. */
    private static boolean flag(Map<String, String> params, String key) {
        String value = Optional.ofNullable(params.get(key)).orElse("false");
        return switch (value) {
            case "", "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException(key + " is not a boolean: " + value);
        };
    }

    private static long nonNegative(Map<String, String> params, String key) {
        long value = number(params, key);
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative: " + value);
        }
        return value;
    }

    private static long positive(Map<String, String> params, String key) {
        long value = number(params, key);
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
        return value;
    }

    private static long number(Map<String, String> params, String key) {
        try {
            return Long.parseLong(params.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + params.get(key), e);
        }
    }
}
