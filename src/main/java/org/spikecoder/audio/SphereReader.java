package org.spikecoder.audio;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.spikecoder.SpikecoderException;

/**
 * Reads NIST SPHERE files (the format of the TI-46 and TIMIT corpora) into a mono {@link Audio}.
 *
 * <p>Layout: an ASCII header of {@code H} bytes, {@code "NIST_1A\n"} then {@code H} right-aligned in 7 characters
 * and {@code "\n"} (usually {@code "   1024\n"}), then lines {@code name -type value} ({@code -i} integer,
 * {@code -r} real, {@code -sN} string of N characters) up to a line {@code end_head}, padding to {@code H}; the
 * samples follow, interleaved by channel.
 *
 * <p>Fields used: {@code sample_rate} (required), {@code channel_count} (default 1), {@code sample_n_bytes}
 * (1 or 2, default 2), {@code sample_byte_format} ({@code 01} little-endian, {@code 10} big-endian, {@code 1} for
 * single bytes; default little-endian), {@code sample_coding} (default {@code pcm}), {@code sample_count} (samples
 * per channel; default: as many whole frames as the file holds). Samples are signed two's-complement linear PCM,
 * 8-bit ones included (SPHERE's "pcm" is signed; unsigned bytes do not occur in it).
 *
 * <p>Refused with a one-line error: compressed data ({@code sample_coding} naming shorten, wavpack or shortpack,
 * e.g. {@code pcm,embedded-shorten-v2.00}; decompress first with NIST's {@code w_decode} or LDC's {@code sph2pipe}),
 * mu-law and A-law, more than 2 bytes per sample, and a file shorter than {@code sample_count} says (truncated).
 */
public final class SphereReader {
    static final String MAGIC = "NIST_1A\n";

    private SphereReader() {
    }

    /**
     * Decodes a whole SPHERE file.
     *
     * @param data   the file's bytes. Not modified.
     * @param source the file's name, put at the start of every error message
     * @throws SpikecoderException with one line naming {@code source} for any damaged or unsupported file
     */
    public static Audio decode(byte[] data, String source) {
        if (data.length == 0) {
            throw new SpikecoderException(source + ": empty file");
        }
        if (data.length < 16 || !new String(data, 0, 8, StandardCharsets.ISO_8859_1).equals(MAGIC)) {
            throw new SpikecoderException(source + ": not a NIST SPHERE file (no NIST_1A header)");
        }
        int headerSize;
        try {
            headerSize = Integer.parseInt(new String(data, 8, 8, StandardCharsets.ISO_8859_1).trim());
        } catch (NumberFormatException e) {
            throw new SpikecoderException(source + ": bad SPHERE header size line");
        }
        if (headerSize < 16 || headerSize > data.length) {
            throw new SpikecoderException(source + ": SPHERE header size " + headerSize + " does not fit a file of "
                    + data.length + " bytes" + (headerSize > data.length ? " (truncated)" : ""));
        }
        Map<String, String> fields = parseFields(data, headerSize, source);

        String coding = fields.getOrDefault("sample_coding", "pcm").toLowerCase(Locale.ROOT);
        if (coding.contains("shorten") || coding.contains("wavpack") || coding.contains("shortpack")) {
            throw new SpikecoderException(source + ": compressed SPHERE (sample_coding " + coding + ") is not "
                    + "supported; decompress it first (w_decode -o pcm, or sph2pipe -f sph)");
        }
        if (!coding.equals("pcm")) {
            throw new SpikecoderException(source + ": SPHERE sample_coding " + coding + " is not supported; only pcm");
        }
        int rate = intField(fields, "sample_rate", -1, source);
        if (rate <= 0) {
            throw new SpikecoderException(source + ": SPHERE header has " + (rate == -1 ? "no sample_rate"
                    : "sample_rate " + rate));
        }
        int channels = intField(fields, "channel_count", 1, source);
        if (channels <= 0) {
            throw new SpikecoderException(source + ": SPHERE header says channel_count " + channels);
        }
        int bytes = intField(fields, "sample_n_bytes", 2, source);
        if (bytes != 1 && bytes != 2) {
            throw new SpikecoderException(source + ": SPHERE sample_n_bytes " + bytes + " is not supported; only "
                    + "1 and 2");
        }
        String order = fields.getOrDefault("sample_byte_format", bytes == 1 ? "1" : "01");
        boolean bigEndian;
        if (order.equals("10")) {
            bigEndian = true;
        } else if (order.equals("01") || order.equals("1")) {
            bigEndian = false;
        } else {
            throw new SpikecoderException(source + ": SPHERE sample_byte_format " + order + " is not supported; "
                    + "only 01, 10 and 1");
        }
        long frameBytes = (long) channels * bytes;
        long available = (data.length - headerSize) / frameBytes;
        long count = fields.containsKey("sample_count") ? intField(fields, "sample_count", -1, source) : -1;
        if (fields.containsKey("sample_count") && count < 0) {
            throw new SpikecoderException(source + ": SPHERE header says sample_count " + count);
        }
        if (count < 0) {
            count = available;
        } else if (count > available) {
            throw new SpikecoderException(source + ": truncated: sample_count is " + count + " but the file holds "
                    + available + " samples per channel");
        }
        if (count == 0) {
            throw new SpikecoderException(source + ": the file holds no samples");
        }
        float[] mono = PcmDecoder.decode(data, headerSize, (int) count, channels, bytes,
                PcmDecoder.Encoding.SIGNED_INT, bigEndian);
        return new Audio(mono, rate, source);
    }

    /** Reads and decodes a SPHERE file; see {@link #decode(byte[], String)}. */
    public static Audio read(Path file) {
        return decode(AudioFiles.readBytes(file), file.toString());
    }

    /* name -> value (the string after the type), from the lines after the two magic lines up to end_head. */
    private static Map<String, String> parseFields(byte[] data, int headerSize, String source) {
        String text = new String(data, 16, headerSize - 16, StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.equals("end_head")) {
                return fields;
            }
            if (t.isEmpty() || t.startsWith(";")) {
                continue; // blank or comment line
            }
            String[] parts = t.split("\\s+", 3);
            if (parts.length < 3 || !parts[1].startsWith("-")) {
                throw new SpikecoderException(source + ": bad SPHERE header line '" + t + "'");
            }
            fields.put(parts[0], parts[2].strip());
        }
        throw new SpikecoderException(source + ": SPHERE header has no end_head within its " + headerSize + " bytes");
    }

    private static int intField(Map<String, String> fields, String name, int fallback, String source) {
        String v = fields.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new SpikecoderException(source + ": SPHERE field " + name + " is not an integer: '" + v + "'");
        }
    }
}
