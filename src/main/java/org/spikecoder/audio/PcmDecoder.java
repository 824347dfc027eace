package org.spikecoder.audio;

/**
 * Turns interleaved PCM or IEEE-float sample bytes into mono floats, shared by the WAV and SPHERE readers.
 *
 * <p>Scaling to [-1, 1]: a signed b-bit integer s becomes {@code s / 2^(b-1)} (so -2^(b-1) maps to exactly -1);
 * unsigned 8-bit u becomes {@code (u - 128) / 128}; floats are taken as they are. Channels are mixed down by the
 * mean of the frame's channels, which keeps a mono-duplicated stereo file identical to its mono original.
 */
final class PcmDecoder {
    /** How one sample is stored. */
    enum Encoding {
        UNSIGNED_8, SIGNED_INT, FLOAT
    }

    private PcmDecoder() {
    }

    /**
     * Decodes {@code frames} frames of {@code channels} interleaved samples.
     *
     * @param data         the file's bytes. Not modified.
     * @param offset       index of the first sample byte in {@code data}
     * @param frames       how many frames; {@code offset + frames * channels * bytesPerSample <= data.length}
     * @param bytesPerSample 1, 2, 3 or 4 for integers; 4 or 8 for floats
     * @param bigEndian    byte order of multi-byte samples
     * @return one mono sample per frame
     */
    static float[] decode(byte[] data, int offset, int frames, int channels, int bytesPerSample,
                          Encoding encoding, boolean bigEndian) {
        float[] out = new float[frames];
        double scale = encoding == Encoding.SIGNED_INT ? 1.0 / (1L << (8 * bytesPerSample - 1)) : 1.0;
        int p = offset;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                long raw = readBits(data, p, bytesPerSample, bigEndian);
                p += bytesPerSample;
                sum += switch (encoding) {
                    case UNSIGNED_8 -> (raw - 128) / 128.0;
                    case SIGNED_INT -> signExtend(raw, bytesPerSample) * scale;
                    case FLOAT -> bytesPerSample == 4 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
                };
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }

    /* The n bytes at p as an unsigned number in the given byte order. */
    private static long readBits(byte[] d, int p, int n, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = d[bigEndian ? p + i : p + n - 1 - i] & 0xFF;
            v = v << 8 | b;
        }
        return v;
    }

    private static long signExtend(long v, int bytes) {
        int shift = 64 - 8 * bytes;
        return v << shift >> shift;
    }
}
