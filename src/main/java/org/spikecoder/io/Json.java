package org.spikecoder.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON configuration used for metrics, checkpoint headers and bench reports. */
public final class Json {
    public static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    private Json() {
    }
}
