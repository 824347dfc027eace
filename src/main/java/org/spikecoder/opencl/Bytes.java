package org.spikecoder.opencl;

import java.util.Locale;

/** Byte counts for messages. */
public final class Bytes {
    private Bytes() {
    }

    /** "479.0 MiB (502202368 bytes)". */
    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB (%d bytes)", bytes / 1048576.0, bytes);
    }
}
