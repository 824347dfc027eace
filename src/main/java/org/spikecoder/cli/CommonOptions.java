package org.spikecoder.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import picocli.CommandLine.Option;

/** Options every command has. */
public final class CommonOptions {
    @Option(names = {"-v", "--verbose"}, description = "Debug logging, and stack traces with errors.")
    boolean verbose;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar when attached to a terminal (default: on; logs a line per 10%% otherwise).")
    boolean progress;

    void applyLogging() {
        if (verbose) {
            Configurator.setLevel("org.spikecoder", Level.DEBUG);
        }
    }

    boolean interactive() {
        return progress && ProgressReporter.terminalAttached();
    }
}
