package org.spikecoder;

/**
 * A failure the user can act on (bad file, bad option, missing device). Its message is the single line the command
 * line prints; a stack trace is shown only with --verbose.
 */
public class SpikecoderException extends RuntimeException {
    public SpikecoderException(String message) {
        super(message);
    }

    public SpikecoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
