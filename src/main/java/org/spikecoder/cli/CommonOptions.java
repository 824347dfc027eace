package org.spikecoder.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;

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
            debugLogging();
        }
    }

    /*
     * The Log4j API cannot set a level; its implementation, log4j-core, can. The code compiles against the API alone
     * (a library user chooses the logging backend; docs/DEPENDENCIES.md), so the command line reaches the core's
     * Configurator by name: it is on the runtime classpath of the jar and of the tests.
     */
    private static void debugLogging() {
        try {
            Class.forName("org.apache.logging.log4j.core.config.Configurator")
                    .getMethod("setLevel", String.class, Level.class).invoke(null, "org.spikecoder", Level.DEBUG);
        } catch (ReflectiveOperationException | LinkageError e) {
            LogManager.getLogger(CommonOptions.class).warn("--verbose: cannot raise the log level without log4j-core"
                    + " ({})", e.toString());
        }
    }

    boolean interactive() {
        return progress && ProgressReporter.terminalAttached();
    }
}
