package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;

/** WAV and SPHERE readers on generated fixtures of every supported encoding, and every bad-input case. */
class AudioReadersTest {
    /* What every fixture below encodes: 0, +1/2, -1/2, -1 and the encoding's largest value. */
    private static final float[] EXPECTED_HEAD = {0f, 0.5f, -0.5f, -1f};

    @TempDir
    Path dir;

    private Audio readBack(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return AudioFiles.read(f);
    }

    private static void assertSamples(float[] expected, Audio a) {
        assertEquals(expected.length, a.samples().length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], a.samples()[i], 1e-7, "sample " + i);
        }
    }

    private static float[] withLast(float last) {
        float[] e = java.util.Arrays.copyOf(EXPECTED_HEAD, 5);
        e[4] = last;
        return e;
    }

    @Test
    void pcm8Unsigned() throws IOException {
        byte[] data = {(byte) 128, (byte) 192, 64, 0, (byte) 255};
        Audio a = readBack("u8.wav", new WavBytes().fmt(1, 1, 11025, 8, 1).chunk("data", data).build());
        assertSamples(withLast(127 / 128f), a);
        assertEquals(11025, a.sampleRate());
        assertEquals(dir.resolve("u8.wav").toString(), a.source());
    }

    @Test
    void pcm16() throws IOException {
        byte[] data = WavBytes.pcm16(0, 16384, -16384, -32768, 32767);
        assertSamples(withLast(32767 / 32768f), readBack("s16.wav",
                new WavBytes().fmt(1, 1, 8000, 16, 2).chunk("data", data).build()));
    }

    @Test
    void pcm24() throws IOException {
        int[] v = {0, 1 << 22, -(1 << 22), -(1 << 23), (1 << 23) - 1};
        ByteBuffer b = WavBytes.le(15);
        for (int x : v) {
            b.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
        }
        assertSamples(withLast(((1 << 23) - 1) / (float) (1 << 23)), readBack("s24.wav",
                new WavBytes().fmt(1, 1, 44100, 24, 3).chunk("data", b.array()).build()));
    }

    @Test
    void pcm32() throws IOException {
        ByteBuffer b = WavBytes.le(20).putInt(0).putInt(1 << 30).putInt(-(1 << 30)).putInt(Integer.MIN_VALUE)
                .putInt(Integer.MAX_VALUE);
        assertSamples(withLast(1f), readBack("s32.wav",
                new WavBytes().fmt(1, 1, 48000, 32, 4).chunk("data", b.array()).build()));
    }

    @Test
    void float32AndFloat64() throws IOException {
        ByteBuffer f = WavBytes.le(20).putFloat(0).putFloat(0.5f).putFloat(-0.5f).putFloat(-1).putFloat(0.25f);
        assertSamples(withLast(0.25f), readBack("f32.wav",
                new WavBytes().fmt(3, 1, 8000, 32, 4).chunk("data", f.array()).build()));
        ByteBuffer d = WavBytes.le(40).putDouble(0).putDouble(0.5).putDouble(-0.5).putDouble(-1).putDouble(0.25);
        assertSamples(withLast(0.25f), readBack("f64.wav",
                new WavBytes().fmt(3, 1, 8000, 64, 8).chunk("data", d.array()).build()));
    }

    @Test
    void extensiblePcmAndFloat() throws IOException {
        byte[] pcm = WavBytes.pcm16(0, 16384, -16384, -32768, 32767);
        assertSamples(withLast(32767 / 32768f), readBack("ext16.wav",
                new WavBytes().extensibleFmt(1, 1, 8000, 16, 2).chunk("data", pcm).build()));
        ByteBuffer f = WavBytes.le(20).putFloat(0).putFloat(0.5f).putFloat(-0.5f).putFloat(-1).putFloat(0.75f);
        assertSamples(withLast(0.75f), readBack("extf.wav",
                new WavBytes().extensibleFmt(3, 1, 8000, 32, 4).chunk("data", f.array()).build()));
    }

    @Test
    void extensible24BitsIn32BitContainers() throws IOException {
        // valid bits 24, container 32: the value sits in the top three bytes
        ByteBuffer b = WavBytes.le(8).putInt((1 << 22) << 8).putInt(-(1 << 23) << 8);
        assertSamples(new float[]{0.5f, -1f}, readBack("ext24in32.wav",
                new WavBytes().extensibleFmt(1, 1, 8000, 24, 4).chunk("data", b.array()).build()));
    }

    @Test
    void stereoIsAveragedToMono() throws IOException {
        byte[] lr = WavBytes.pcm16(16384, 0, -32768, 0, 8192, 8192);
        assertSamples(new float[]{0.25f, -0.5f, 0.25f}, readBack("stereo.wav",
                new WavBytes().fmt(1, 2, 8000, 16, 2).chunk("data", lr).build()));
    }

    @Test
    void unknownAndOddSizedChunksAreSkipped() throws IOException {
        byte[] bytes = new WavBytes().chunk("LIST", new byte[]{'a', 'b', 'c'}).fmt(1, 1, 8000, 16, 2)
                .chunk("fact", new byte[]{1, 2, 3, 4, 5}).chunk("data", WavBytes.pcm16(16384, -16384))
                .chunk("id3 ", new byte[]{9}).build();
        assertSamples(new float[]{0.5f, -0.5f}, readBack("chunks.wav", bytes));
    }

    @Test
    void streamingPlaceholderSizeReadsToTheEnd() throws IOException {
        byte[] bytes = new WavBytes().fmt(1, 1, 8000, 16, 2)
                .chunk("data", WavBytes.pcm16(16384, -16384, 0), 0xFFFFFFFFL).build();
        assertSamples(new float[]{0.5f, -0.5f, 0f}, readBack("stream.wav", bytes));
    }

    @Test
    void sphere16LittleAndBigEndian() throws IOException {
        String common = "sample_count -i 3\nsample_rate -i 16000\nchannel_count -i 1\nsample_n_bytes -i 2\n";
        byte[] le = WavBytes.pcm16(16384, -32768, 32767);
        Audio a = readBack("le.sph", WavBytes.sphere(common + "sample_byte_format -s2 01\nsample_coding -s3 pcm\n",
                le));
        assertSamples(new float[]{0.5f, -1f, 32767 / 32768f}, a);
        assertEquals(16000, a.sampleRate());
        byte[] be = ByteBuffer.allocate(6).putShort((short) 16384).putShort((short) -32768).putShort((short) 32767)
                .array();
        assertSamples(new float[]{0.5f, -1f, 32767 / 32768f},
                readBack("be.wav", WavBytes.sphere(common + "sample_byte_format -s2 10\n", be)));
    }

    @Test
    void sphere8BitAndStereoAndMissingCount() throws IOException {
        assertSamples(new float[]{0.5f, -1f}, readBack("s8.sph", WavBytes.sphere(
                "sample_rate -i 8000\nsample_n_bytes -i 1\nsample_byte_format -s1 1\n", new byte[]{64, -128})));
        assertSamples(new float[]{0.25f, -0.5f}, readBack("st.sph", WavBytes.sphere(
                "sample_rate -i 8000\nchannel_count -i 2\nsample_count -i 2\n",
                WavBytes.pcm16(16384, 0, -32768, 0))));
    }

    private void assertError(String name, byte[] bytes, String... fragments) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> AudioFiles.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString() + ": "), m);
        assertEquals(-1, m.indexOf('\n'), "one line: " + m);
        for (String frag : fragments) {
            assertTrue(m.contains(frag), "'" + frag + "' in: " + m);
        }
    }

    @Test
    void badWavFilesGiveOneLineNamingTheFile() throws IOException {
        byte[] pcm = WavBytes.pcm16(1, 2, 3, 4);
        assertError("empty.wav", new byte[0], "empty file");
        assertError("text.wav", "hello, not audio".getBytes(), "not a WAV or NIST SPHERE file");
        assertError("avi.wav", "RIFF\0\0\0\0AVI LIST".getBytes(), "not a RIFF/WAVE file");
        assertError("rifx.wav", "RIFX\0\0\0\0WAVE".getBytes(), "RIFX");
        assertError("alaw.wav", new WavBytes().fmt(6, 1, 8000, 8, 1).chunk("data", pcm).build(),
                "A-law (format 6) is not supported");
        assertError("adpcm.wav", new WavBytes().fmt(0x11, 1, 8000, 4, 1).chunk("data", pcm).build(),
                "IMA ADPCM (format 17)");
        assertError("extulaw.wav", new WavBytes().extensibleFmt(7, 1, 8000, 8, 1).chunk("data", pcm).build(),
                "mu-law (extensible sub-format 7)");
        assertError("trunc.wav", new WavBytes().fmt(1, 1, 8000, 16, 2).chunk("data", pcm, 1000).build(),
                "truncated", "1000");
        assertError("nodata.wav", new WavBytes().fmt(1, 1, 8000, 16, 2).build(), "no data chunk");
        assertError("nofmt.wav", new WavBytes().chunk("data", pcm).build(), "no fmt chunk");
        assertError("nochan.wav", new WavBytes().fmt(1, 0, 8000, 16, 2).chunk("data", pcm).build(), "0 channels");
        assertError("norate.wav", new WavBytes().fmt(1, 1, 0, 16, 2).chunk("data", pcm).build(), "sample rate 0");
        assertError("nosamples.wav", new WavBytes().fmt(1, 1, 8000, 16, 2).chunk("data", new byte[0]).build(),
                "no samples");
        assertError("cut.wav", java.util.Arrays.copyOf(new WavBytes().fmt(1, 1, 8000, 16, 2).build(), 30),
                "truncated");
        assertError("f16.wav", new WavBytes().fmt(3, 1, 8000, 16, 2).chunk("data", pcm).build(),
                "16-bit IEEE float is not supported");
    }

    @Test
    void badSphereFilesGiveOneLineNamingTheFile() throws IOException {
        byte[] pcm = WavBytes.pcm16(1, 2, 3, 4);
        assertError("shorten.sph", WavBytes.sphere(
                "sample_rate -i 16000\nsample_coding -s26 pcm,embedded-shorten-v2.00\n", pcm), "compressed SPHERE", "shorten", "not supported");
        assertError("ulaw.sph", WavBytes.sphere("sample_rate -i 8000\nsample_coding -s4 ulaw\nsample_n_bytes -i 1\n",
                pcm), "ulaw is not supported");
        assertError("trunc.sph", WavBytes.sphere("sample_rate -i 8000\nsample_count -i 100\n", pcm), "truncated");
        assertError("norate.sph", WavBytes.sphere("sample_count -i 4\n", pcm), "no sample_rate");
        assertError("nochan.sph", WavBytes.sphere("sample_rate -i 8000\nchannel_count -i 0\n", pcm),
                "channel_count 0");
        assertError("head.sph", "NIST_1A\n   1024\nsample_rate -i 8000\n".getBytes(), "truncated");
        byte[] noEnd = WavBytes.sphere("sample_rate -i 8000\n", pcm);
        System.arraycopy("        ".getBytes(), 0, noEnd, 16 + "sample_rate -i 8000\n".length(), 8);
        assertError("noend.sph", noEnd, "end_head");
    }

    @Test
    void missingFileIsOneLine() {
        Path f = dir.resolve("missing.wav");
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> AudioFiles.read(f));
        assertEquals(f + ": cannot read: no such file or folder", e.getMessage());
    }

    @Test
    void decodeWithoutAFile() {
        Audio a = WavReader.decode(WavBytes.mono16(new float[]{0.5f}, 8000), "mem");
        assertArrayEquals(new float[]{16384 / 32768f}, a.samples(), 1e-4f);
    }

    @Test
    void nonFiniteFloatSamplesAndImplausibleRatesAreRefused() throws IOException {
        ByteBuffer f = WavBytes.le(12).putFloat(0.5f).putFloat(Float.NaN).putFloat(0.25f);
        assertError("nan.wav", new WavBytes().fmt(3, 1, 8000, 32, 4).chunk("data", f.array()).build(),
                "sample 1", "is NaN");
        ByteBuffer d = WavBytes.le(16).putDouble(Double.NEGATIVE_INFINITY).putDouble(0);
        assertError("inf.wav", new WavBytes().fmt(3, 1, 8000, 64, 8).chunk("data", d.array()).build(),
                "sample 0", "is -Infinity");
        assertError("1hz.wav", new WavBytes().fmt(1, 1, 1, 16, 2).chunk("data", WavBytes.pcm16(1, 2)).build(),
                "sample rate 1 Hz");
        assertError("negative.sph", WavBytes.sphere("sample_rate -i 8000\nsample_count -i -5\n",
                WavBytes.pcm16(1, 2)), "sample_count -5");
    }
}
