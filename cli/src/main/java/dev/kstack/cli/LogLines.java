package dev.kstack.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Log lines of several pods merged into one stream: each line prefixed with its source ({@code words.8gb69 | }),
 * the prefixes padded to one width and, on a terminal, coloured per service.
 */
final class LogLines {
    private static final String[] COLOURS = {"36", "33", "32", "35", "34", "31", "96", "93", "92", "95", "94", "91"};

    /** One line of one pod; {@code timestamp} is the RFC 3339 time the API put in front of it, or empty. */
    record Line(String timestamp, String source, String text) {
    }

    private final boolean colour;
    private final int width;
    private final List<String> services;

    LogLines(List<String> sources, List<String> services, boolean colour) {
        this.colour = colour;
        this.width = sources.stream().mapToInt(String::length).max().orElse(0);
        this.services = new ArrayList<>(services);
    }

    /** The short name of a pod: its service and the last part of its name, e.g. {@code words.8gb69}. */
    static String source(String service, String podName) {
        int dash = podName.lastIndexOf('-');
        return service + "." + (dash >= 0 ? podName.substring(dash + 1) : podName);
    }

    /** Splits {@code 2026-11-25T16:42:01.123456789Z hello} into time and text. */
    static Line parse(String source, String raw) {
        int space = raw.indexOf(' ');
        if (space > 0 && raw.length() > 20 && Character.isDigit(raw.charAt(0)) && raw.charAt(4) == '-'
                && raw.substring(0, space).endsWith("Z")) {
            return new Line(raw.substring(0, space), source, raw.substring(space + 1));
        }
        return new Line("", source, raw);
    }

    /** Lines of all pods in time order (lines without time keep their place within their pod). */
    static List<Line> merge(List<List<Line>> perPod) {
        List<Line> all = new ArrayList<>();
        perPod.forEach(all::addAll);
        all.sort(Comparator.comparing(Line::timestamp));
        return all;
    }

    String format(String service, Line line) {
        String prefix = String.format("%-" + Math.max(1, width) + "s |", line.source());
        if (colour) {
            int i = services.indexOf(service);
            if (i < 0) {
                services.add(service);
                i = services.size() - 1;
            }
            prefix = "\u001b[" + COLOURS[i % COLOURS.length] + "m" + prefix + "\u001b[0m";
        }
        return prefix + " " + line.text();
    }
}
