package org.spikecoder.api;

import java.util.Locale;

import org.spikecoder.SettingException;

/** Where a run's network lives. */
public enum BackendKind {
    /** OpenCL when a device exists (one log line names it), else the CPU reference with a warning. */
    AUTO("auto"),
    /** The plain-Java reference: every kernel's twin, written for exactness. */
    CPU("cpu"),
    /** An OpenCL device ({@link Device}); fails when none can be opened. */
    OPENCL("opencl");

    private final String id;

    BackendKind(String id) {
        this.id = id;
    }

    /** "auto", "cpu" or "opencl", as checkpoints, metrics and the command line write it. */
    public String id() {
        return id;
    }

    /**
     * @param text "auto", "cpu" or "opencl", in any case
     * @throws SettingException naming the field {@code backend} otherwise
     */
    public static BackendKind parse(String text) {
        for (BackendKind k : values()) {
            if (k.id.equals(text.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new SettingException("{backend} must be cpu, opencl or auto, got '%s'", text);
    }
}
