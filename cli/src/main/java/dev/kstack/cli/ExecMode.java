package dev.kstack.cli;

/**
 * Whether {@code kstack exec} passes stdin and asks for a terminal: what the user said ({@code -i}, {@code -t},
 * {@code --no-stdin}, {@code --no-tty}), otherwise both when kstack runs on a terminal, like {@code docker exec -it}.
 * A terminal needs one here: {@code -t} without one is dropped with a warning ({@code warning} is empty otherwise).
 */
record ExecMode(boolean stdin, boolean tty, String warning) {
    static ExecMode of(Boolean stdin, Boolean tty, boolean onTerminal) {
        boolean in = stdin != null ? stdin : onTerminal;
        boolean term = tty != null ? tty : onTerminal;
        if (term && !onTerminal) {
            return new ExecMode(in, false, "-t ignored: kstack is not running on a terminal");
        }
        return new ExecMode(in, term, "");
    }
}
