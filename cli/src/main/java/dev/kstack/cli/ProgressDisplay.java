package dev.kstack.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows one line per service while a deploy waits. On a terminal the block of lines is redrawn in place (cursor up,
 * clear line); otherwise a service's line is printed again only when it changed, so logs stay readable.
 */
final class ProgressDisplay {
    private static final String ESC = "\u001b[";

    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> lastLine = new HashMap<>();
    private int drawnLines;

    ProgressDisplay(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(List<ServiceProgress> services) {
        if (terminal) {
            if (drawnLines > 0) {
                out.print(ESC + drawnLines + "A");
            }
            for (ServiceProgress s : services) {
                out.print(ESC + "2K" + s.line() + "\n");
            }
            drawnLines = services.size();
        } else {
            for (ServiceProgress s : services) {
                String line = s.line();
                if (!line.equals(lastLine.put(s.service(), line))) {
                    out.println(line);
                }
            }
        }
        out.flush();
    }

    /** Whether standard output is a terminal (and not redirected). */
    static boolean stdoutIsTerminal() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }
}
