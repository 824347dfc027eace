package org.spikecoder.api;

import org.spikecoder.SettingException;

/** Which images of a data set an {@link Evaluation} scores. */
public enum Split {
    TEST("test"),
    TRAIN("train");

    private final String id;

    Split(String id) {
        this.id = id;
    }

    /** "test" or "train": the prefix of eval.json's scores and of {@code <split>_hidden_spikes.npy}. */
    public String id() {
        return id;
    }

    /** @throws SettingException naming the field {@code split} for any other name */
    public static Split parse(String text) {
        for (Split s : values()) {
            if (s.id.equals(text)) {
                return s;
            }
        }
        throw new SettingException("{split} must be test or train, got '%s'", text);
    }
}
