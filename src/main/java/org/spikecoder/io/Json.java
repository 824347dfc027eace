package org.spikecoder.io;

import java.io.IOException;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/** The one JSON configuration used for metrics, checkpoint headers and bench reports. */
public final class Json {
    private static final Logger LOG = LogManager.getLogger(Json.class);

    /** For checkpoint headers, which only spikecoder reads; it writes and reads NaN and Infinity. */
    public static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    /*
     * For files other programs read (metrics.json, eval.json): NaN and Infinity are not JSON, and Python's json,
     * jq or a browser would refuse the whole file, so a non-finite number is written as null.
     */
    private static final Gson METRICS = new GsonBuilder()
            .setPrettyPrinting()
            .serializeNulls()
            .disableHtmlEscaping()
            .registerTypeAdapter(Double.class, new FiniteOrNull())
            .registerTypeAdapter(double.class, new FiniteOrNull())
            .registerTypeAdapter(Float.class, new FiniteOrNull())
            .registerTypeAdapter(float.class, new FiniteOrNull())
            .create();

    private Json() {
    }

    /**
     * Strict JSON for a metrics file: every non-finite number becomes null, with a warning naming the top-level key.
     *
     * @param file   for the warning
     * @param values the metrics. Not modified.
     */
    public static String metrics(String file, Map<String, ?> values) {
        values.forEach((k, v) -> {
            if (v instanceof Number n && !Double.isFinite(n.doubleValue())) {
                LOG.warn("{}: {} is {}; written as null", file, k, v);
            }
        });
        return METRICS.toJson(values);
    }

    private static final class FiniteOrNull extends TypeAdapter<Number> {
        @Override
        public void write(JsonWriter out, Number v) throws IOException {
            if (v == null || !Double.isFinite(v.doubleValue())) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Number read(JsonReader in) {
            throw new UnsupportedOperationException("metrics are written, never read back through this adapter");
        }
    }
}
