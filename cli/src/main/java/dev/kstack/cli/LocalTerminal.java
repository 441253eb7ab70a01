package dev.kstack.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The terminal kstack runs on, switched to raw mode while a remote terminal uses it (keys go to the remote shell as
 * typed, it echoes them), and its size; through {@code stty} on {@code /dev/tty}. Closing restores the settings.
 */
final class LocalTerminal implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");
    private final String saved;

    private LocalTerminal(String saved) {
        this.saved = saved;
    }

    /** Raw mode until {@link #close()}; when stty fails, the terminal is left as it is. */
    static LocalTerminal raw() {
        String saved = stty("-g");
        if (saved != null) {
            stty("raw", "-echo");
        }
        return new LocalTerminal(saved);
    }

    /** {columns, rows}, or null when unknown. */
    static int[] size() {
        String out = stty("size");
        if (out == null) {
            return null;
        }
        String[] rowsCols = out.trim().split("\\s+");
        try {
            return rowsCols.length == 2 ? new int[] {Integer.parseInt(rowsCols[1]), Integer.parseInt(rowsCols[0])} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (saved != null) {
            stty(saved.trim());
        }
    }

    private static String stty(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
