package org.spikecoder.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spikecoder.SpikecoderException;

/**
 * The SHA-256 sums a dataset's files must have, by name: {@code train-images-idx3-ubyte} (decompressed content),
 * {@code train-images-idx3-ubyte.gz} (the file as served), {@code recordings/0_george_0.wav} (a clip). The project's
 * own sums are resources {@code /datasets/<dataset>.sha256} in {@code sha256sum} format; tests build their own.
 *
 * <p>Immutable.
 */
public final class Sums {
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](\\S.*)");

    private final Map<String, String> byName;

    private Sums(Map<String, String> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Sums from a map of name to lowercase or uppercase hex. Not modified. */
    public static Sums of(Map<String, String> byName) {
        Map<String, String> m = new LinkedHashMap<>();
        byName.forEach((k, v) -> m.put(k, v.toLowerCase(Locale.ROOT)));
        return new Sums(m);
    }

    /**
     * Parses {@code sha256sum} output: {@code <64 hex> <space or *><name>} per line; blank lines and lines starting
     * with {@code #} are skipped.
     *
     * @param where names the text in error messages
     */
    public static Sums parse(String text, String where) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher mt = LINE.matcher(line);
            if (!mt.matches()) {
                throw new SpikecoderException(where + " line " + (i + 1) + ": not '<sha256 hex>  <name>': " + line);
            }
            m.put(mt.group(2), mt.group(1).toLowerCase(Locale.ROOT));
        }
        return new Sums(m);
    }

    /** The sums the project ships for {@code dataset} (resource {@code /datasets/<dataset>.sha256}). */
    public static Sums shipped(String dataset) {
        String res = "/datasets/" + dataset + ".sha256";
        try (InputStream in = Sums.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new SpikecoderException("resource " + res + " is missing from the jar; rebuild spikecoder");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII), res);
        } catch (IOException e) {
            throw new SpikecoderException("resource " + res + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The expected sum, lowercase hex, or null when none is listed. */
    public String get(String name) {
        return byName.get(name);
    }

    /** Every listed name and its sum, in file order. */
    public Map<String, String> all() {
        return byName;
    }
}
