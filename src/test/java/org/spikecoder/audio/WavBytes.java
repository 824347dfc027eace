package org.spikecoder.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV and SPHERE files byte by byte for the reader tests. */
public final class WavBytes {
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    /** Appends a chunk with its RIFF pad byte when the body is odd-sized. */
    WavBytes chunk(String id, byte[] body) {
        return chunk(id, body, body.length);
    }

    /** Appends a chunk whose header declares {@code declared} bytes (may lie, for truncation tests). */
    WavBytes chunk(String id, byte[] body, long declared) {
        chunks.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        chunks.writeBytes(le(4).putInt((int) declared).array());
        chunks.writeBytes(body);
        if ((body.length & 1) == 1 && declared == body.length) {
            chunks.write(0);
        }
        return this;
    }

    WavBytes fmt(int tag, int channels, int rate, int bits, int container) {
        int align = channels * container;
        return chunk("fmt ", le(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * align).putShort((short) align).putShort((short) bits).array());
    }

    WavBytes extensibleFmt(int subTag, int channels, int rate, int bits, int container) {
        int align = channels * container;
        ByteBuffer b = le(40).putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) (8 * container)).putShort((short) 22)
                .putShort((short) bits).putInt(channels == 1 ? 4 : 3).putShort((short) subTag);
        b.put(new byte[]{0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        ByteBuffer b = le(12 + body.length);
        b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + body.length)
                .put("WAVE".getBytes(StandardCharsets.ISO_8859_1)).put(body);
        return b.array();
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** 16-bit little-endian PCM of the values (already integers). */
    static byte[] pcm16(int... v) {
        ByteBuffer b = le(2 * v.length);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    /** A mono 16-bit WAV of the given samples in [-1, 1). */
    public static byte[] mono16(float[] samples, int rate) {
        int[] v = new int[samples.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(samples[i] * 32767);
        }
        return new WavBytes().fmt(1, 1, rate, 16, 2).chunk("data", pcm16(v)).build();
    }

    /** A SPHERE file: 1024-byte header with the given field lines, then the sample bytes. */
    static byte[] sphere(String fields, byte[] samples) {
        String text = "NIST_1A\n   1024\n" + fields + "end_head\n";
        byte[] head = new byte[1024];
        java.util.Arrays.fill(head, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, head, 0, t.length);
        byte[] out = new byte[1024 + samples.length];
        System.arraycopy(head, 0, out, 0, 1024);
        System.arraycopy(samples, 0, out, 1024, samples.length);
        return out;
    }
}
