package org.spikecoder.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SettingException;
import org.spikecoder.SpikecoderException;

import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr and exit code 1. The stack trace is printed only with --verbose,
 * because users act on the message, not on the trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    private static final Logger LOG = LogManager.getLogger(ErrorHandler.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                || parsed.hasMatchedOption("--verbose");
        String message = describe(ex);
        cl.getErr().println("error: " + message);
        if (verbose) {
            ex.printStackTrace(cl.getErr());
        } else {
            LOG.debug("failure", ex);
        }
        return 1;
    }

    static String describe(Throwable ex) {
        if (ex instanceof SettingException s) {
            return s.message(Flags::of); // the library names its fields; a user typed flags
        }
        if (ex instanceof SpikecoderException || ex instanceof IllegalArgumentException) {
            return ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            // an OutOfMemoryError cannot say which array failed; the size checks before allocating name options
            return "out of Java heap memory; use smaller sizes (--batch, --steps, --hidden, --frames) or raise the"
                    + " heap with SPIKECODER_JAVA_OPTS=-Xmx<size>";
        }
        if (ex instanceof java.io.UncheckedIOException u) {
            return u.getCause().getMessage();
        }
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m) + " (run with --verbose for details)";
    }
}
