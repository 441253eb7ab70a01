package dev.kstack.cli;

import picocli.CommandLine.Option;

/** The {@code -o} option of list commands. */
final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.TABLE;
}
