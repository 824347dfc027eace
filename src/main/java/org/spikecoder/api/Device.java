package org.spikecoder.api;

import java.util.Objects;

import org.spikecoder.SettingException;

/**
 * Which OpenCL device a run uses: the default ({@code $SPIKECODER_DEVICE}, else the first GPU, else the first
 * device), one by its index in the list {@code spikecoder devices} prints, or the first whose name contains a text.
 * The CPU backend ignores it.
 */
public final class Device {
    private static final Device DEFAULT = new Device(null);

    /** What the OpenCL runtime matches: an index, a name part, or null for the default. */
    private final String selector;

    private Device(String selector) {
        this.selector = selector;
    }

    /** {@code $SPIKECODER_DEVICE} when set, else the first GPU, else the first device. */
    public static Device defaultDevice() {
        return DEFAULT;
    }

    /** The device at {@code index} (0-based) in the list {@code spikecoder devices} prints. */
    public static Device index(int index) {
        if (index < 0) {
            throw new SettingException("{device} index must be 0 or more, got %s", index);
        }
        return new Device(String.valueOf(index));
    }

    /** The first device whose name contains {@code namePart} (case-insensitive); a name of digits reads as an index. */
    public static Device named(String namePart) {
        if (namePart == null || namePart.isBlank()) {
            throw new SettingException("{device} name must not be empty");
        }
        return new Device(namePart);
    }

    /** An index or a name part as {@code --device} takes it; null for the default. */
    public static Device parse(String text) {
        return text == null ? DEFAULT : new Device(text);
    }

    /** The selector the OpenCL runtime matches, or null for the default. */
    String selector() {
        return selector;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && Objects.equals(selector, d.selector);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(selector);
    }

    @Override
    public String toString() {
        return selector == null ? "the default device" : "device " + selector;
    }
}
