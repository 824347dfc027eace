package org.spikecoder.api;

import java.util.Locale;

import org.spikecoder.SettingException;

/** The image data sets an autoencoder trains on (28 x 28 grey images, 60,000 for training and 10,000 for test). */
public enum Dataset {
    MNIST("mnist"),
    FASHION_MNIST("fashion-mnist");

    private final String id;

    Dataset(String id) {
        this.id = id;
    }

    /** The data folder's sub-folder and the name checkpoints and metrics write: "mnist", "fashion-mnist". */
    public String id() {
        return id;
    }

    /** @throws SettingException naming the field {@code dataset} for any other name */
    public static Dataset parse(String text) {
        for (Dataset d : values()) {
            if (d.id.equals(text.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        String why = text.equalsIgnoreCase("fsdd") ? "is not an image dataset" : "is unknown";
        throw new SettingException("{dataset} %s %s; accepted: mnist, fashion-mnist", text, why);
    }
}
