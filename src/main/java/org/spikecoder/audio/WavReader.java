package org.spikecoder.audio;

import java.nio.file.Path;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;

/**
 * Reads RIFF/WAVE files into a mono {@link Audio}.
 *
 * <p>Layout (all integers little-endian): {@code "RIFF" size "WAVE"}, then chunks {@code id(4) size(4) body},
 * each body padded to an even length (the pad byte is not counted in {@code size}). Needed: {@code "fmt "}
 * (format tag u16, channels u16, sample rate u32, byte rate u32, block align u16, bits per sample u16, and for
 * WAVE_FORMAT_EXTENSIBLE also cbSize u16, valid bits u16, channel mask u32 and a 16-byte sub-format GUID whose first
 * two bytes are the real format tag) and {@code "data"} (interleaved frames of {@code blockAlign} bytes). Every other
 * chunk ({@code LIST}, {@code fact}, {@code cue }, ...) is skipped.
 *
 * <p>Decoded: format 1 (PCM) with 8-bit unsigned or 16/24/32-bit signed containers, format 3 (IEEE float) with
 * 32- or 64-bit samples, and 0xFFFE (extensible) with a PCM or float sub-format. A sample's container size is
 * {@code blockAlign / channels}; samples narrower than their container (e.g. 20 valid bits in 24) are left-justified
 * by the format, so reading the whole container gives the right value. Channels are averaged to mono (see
 * {@link PcmDecoder}).
 *
 * <p>Damage: a data chunk whose declared size runs past the end of the file is an error ("truncated"), because a
 * silently shortened clip would train on a different word than the file names. The exception is a declared size of
 * 0xFFFFFFFF, the placeholder streaming writers leave when they cannot seek back: the data then runs to the end of
 * the file. A trailing partial frame is dropped with a debug log. An empty data chunk is an error.
 */
public final class WavReader {
    private static final Logger LOG = LogManager.getLogger(WavReader.class);
    static final int PCM = 1;
    static final int IEEE_FLOAT = 3;
    static final int EXTENSIBLE = 0xFFFE;
    /* Bytes 2..15 of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT ({tag}-0000-0010-8000-00aa00389b71). */
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
            (byte) 0x9B, 0x71};
    /* Names for the common tags we refuse, so the error says what the file is. */
    private static final Map<Integer, String> KNOWN = Map.of(2, "Microsoft ADPCM", 6, "A-law", 7, "mu-law",
            0x11, "IMA ADPCM", 0x31, "GSM 6.10", 0x50, "MPEG", 0x55, "MPEG layer 3", 0x161, "Windows Media Audio",
            0x2000, "AC-3");

    private WavReader() {
    }

    /**
     * Decodes a whole WAV file.
     *
     * @param data   the file's bytes. Not modified.
     * @param source the file's name, put at the start of every error message
     * @throws SpikecoderException with one line naming {@code source} for any damaged or unsupported file
     */
    public static Audio decode(byte[] data, String source) {
        if (data.length == 0) {
            throw new SpikecoderException(source + ": empty file");
        }
        if (data.length < 12 || !tag(data, 0).equals("RIFF") || !tag(data, 8).equals("WAVE")) {
            throw new SpikecoderException(source + ": not a RIFF/WAVE file");
        }
        Format fmt = null;
        int dataOffset = -1;
        long dataSize = -1;
        int p = 12;
        while (p + 8 <= data.length) {
            String id = tag(data, p);
            long size = u32(data, p + 4);
            int body = p + 8;
            long available = data.length - (long) body;
            if (id.equals("data")) {
                dataOffset = body;
                if (size == 0xFFFFFFFFL) {
                    size = available;
                } else if (size > available) {
                    throw new SpikecoderException(source + ": truncated: the data chunk declares " + size
                            + " bytes but the file holds " + available);
                }
                dataSize = size;
            } else if (id.equals("fmt ")) {
                if (size > available) {
                    throw new SpikecoderException(source + ": truncated fmt chunk");
                }
                fmt = parseFormat(data, body, (int) size, source);
            } else if (size > available) {
                if (fmt != null && dataOffset >= 0) {
                    break; // a damaged trailing chunk (e.g. metadata) cannot affect the samples already found
                }
                throw new SpikecoderException(source + ": truncated: chunk '" + printable(id) + "' declares " + size
                        + " bytes but the file holds " + available);
            }
            p = (int) Math.min(data.length, body + size + (size & 1)); // RIFF pads odd-sized bodies to even
        }
        if (fmt == null) {
            throw new SpikecoderException(source + ": no fmt chunk (not a complete WAV file)");
        }
        if (dataOffset < 0) {
            throw new SpikecoderException(source + ": no data chunk (not a complete WAV file)");
        }
        int frames = (int) Math.min(Integer.MAX_VALUE, dataSize / fmt.blockAlign);
        if (frames == 0) {
            throw new SpikecoderException(source + ": the data chunk holds no samples");
        }
        if (dataSize % fmt.blockAlign != 0) {
            LOG.debug("{}: dropping a partial frame of {} bytes at the end of the data", source,
                    dataSize % fmt.blockAlign);
        }
        float[] mono = PcmDecoder.decode(data, dataOffset, frames, fmt.channels, fmt.container, fmt.encoding, false);
        if (fmt.encoding == PcmDecoder.Encoding.FLOAT) {
            // one NaN would spread through the FFT and the per-clip scaling and blank the whole spectrogram
            for (int i = 0; i < mono.length; i++) {
                if (!Float.isFinite(mono[i])) {
                    throw new SpikecoderException(source + ": sample " + i + " (frame at " + String.format(
                            java.util.Locale.ROOT, "%.3f", (double) i / fmt.sampleRate) + " s) is " + mono[i]
                            + "; a float WAV must hold finite samples");
                }
            }
        }
        return new Audio(mono, fmt.sampleRate, source);
    }

    private record Format(int channels, int sampleRate, int blockAlign, int container, PcmDecoder.Encoding encoding) {
    }

    private static Format parseFormat(byte[] d, int p, int size, String source) {
        if (size < 16) {
            throw new SpikecoderException(source + ": fmt chunk too short (" + size + " bytes, need 16)");
        }
        int tag = u16(d, p);
        int channels = u16(d, p + 2);
        long rate = u32(d, p + 4);
        int blockAlign = u16(d, p + 12);
        int bits = u16(d, p + 14);
        int realTag = tag;
        if (tag == EXTENSIBLE) {
            if (size < 40) {
                throw new SpikecoderException(source + ": WAVE_FORMAT_EXTENSIBLE fmt chunk too short (" + size
                        + " bytes, need 40)");
            }
            realTag = u16(d, p + 24);
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (d[p + 26 + i] != GUID_TAIL[i]) {
                    throw new SpikecoderException(source + ": WAVE_FORMAT_EXTENSIBLE with an unknown sub-format "
                            + "GUID is not supported");
                }
            }
        }
        String where = tag == EXTENSIBLE ? "extensible sub-format " : "format ";
        if (realTag != PCM && realTag != IEEE_FLOAT) {
            String name = KNOWN.getOrDefault(realTag, "encoding");
            throw new SpikecoderException(source + ": " + name + " (" + where + realTag
                    + ") is not supported; only PCM (1) and IEEE float (3)");
        }
        if (channels == 0) {
            throw new SpikecoderException(source + ": fmt chunk says 0 channels");
        }
        if (rate == 0 || rate > Integer.MAX_VALUE) {
            throw new SpikecoderException(source + ": fmt chunk says sample rate " + rate);
        }
        if (blockAlign == 0 || blockAlign % channels != 0) {
            throw new SpikecoderException(source + ": fmt chunk block align " + blockAlign + " is not a multiple of "
                    + channels + " channels");
        }
        int container = blockAlign / channels;
        if (bits == 0 || bits > 8 * container) {
            throw new SpikecoderException(source + ": fmt chunk says " + bits + " bits per sample in " + container
                    + "-byte samples");
        }
        PcmDecoder.Encoding enc;
        if (realTag == IEEE_FLOAT) {
            if (container != 4 && container != 8) {
                throw new SpikecoderException(source + ": " + 8 * container + "-bit IEEE float is not supported; "
                        + "only 32 and 64");
            }
            enc = PcmDecoder.Encoding.FLOAT;
        } else if (container == 1) {
            enc = PcmDecoder.Encoding.UNSIGNED_8;
        } else if (container <= 4) {
            enc = PcmDecoder.Encoding.SIGNED_INT;
        } else {
            throw new SpikecoderException(source + ": " + 8 * container + "-bit PCM is not supported; only 8, 16, "
                    + "24 and 32");
        }
        return new Format(channels, (int) rate, blockAlign, container, enc);
    }

    private static String tag(byte[] d, int p) {
        return new String(d, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static int u16(byte[] d, int p) {
        return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] d, int p) {
        return (d[p] & 0xFFL) | (d[p + 1] & 0xFFL) << 8 | (d[p + 2] & 0xFFL) << 16 | (d[p + 3] & 0xFFL) << 24;
    }

    /** Reads and decodes a WAV file; see {@link #decode(byte[], String)}. */
    public static Audio read(Path file) {
        return decode(AudioFiles.readBytes(file), file.toString());
    }
}
