package org.spikecoder.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a file's whole content to a stream; {@link AtomicFiles} decides where that stream goes. */
@FunctionalInterface
public interface IoWriter {
    /**
     * @param out where the content goes; buffered. Modified. The writer must not close it.
     */
    void write(OutputStream out) throws IOException;
}
