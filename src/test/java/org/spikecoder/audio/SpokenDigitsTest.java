package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;

class SpokenDigitsTest {
    private static final SpectrogramConfig SMALL = SpectrogramConfig.defaults().withFrames(20, 80);

    @TempDir
    Path dir;

    /* A short tone whose pitch depends on the digit, so clips differ. */
    private static float[] clip(int digit, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * (300 + 100 * digit) * i / 8000.0));
        }
        return x;
    }

    @Test
    void fsddNamesAndOfficialSplit() throws IOException {
        Path rec = Files.createDirectories(dir.resolve("fsdd/recordings"));
        for (int d = 0; d < 10; d++) {
            for (int idx : new int[]{0, 4, 5, 49}) {
                Files.write(rec.resolve(d + "_theo_" + idx + ".wav"), WavBytes.mono16(clip(d, 1200), 8000));
            }
        }
        Files.writeString(rec.resolve("README.txt"), "not a clip");
        Files.write(rec.resolve("x_theo_1.wav"), new byte[0]); // not a digit name: skipped, never read
        SpokenDigits.Split s = SpokenDigits.load(dir.resolve("fsdd"), DigitCorpus.FSDD, SMALL, "fsdd");
        assertEquals(20, s.train().count());
        assertEquals(20, s.test().count());
        assertEquals("fsdd/train", s.train().name());
        assertEquals(20 * 39, s.train().inputSize());
        assertEquals(20 * 20 * 39, s.train().inputs().length);
        // sorted by file name: "0_theo_49" < "0_theo_5" as strings
        assertEquals(List.of("0_theo_49.wav", "0_theo_5.wav", "1_theo_49.wav"),
                List.of(s.train().names()).subList(0, 3));
        assertEquals("theo", s.test().speakers()[0]);
        assertEquals(0, s.test().labels()[0]);
        assertEquals(9, s.test().labels()[19]);
        // the spectrogram is the one Spectrogram computes for that clip
        float[] want = new Spectrogram(SMALL).compute(new Audio(WavReader.decode(
                WavBytes.mono16(clip(1, 1200), 8000), "m").samples(), 8000, "m"));
        float[] got = java.util.Arrays.copyOfRange(s.train().inputs(), 2 * 780, 3 * 780);
        assertArrayEquals(want, got);
    }

    @Test
    void ti46LayoutWithSphereFilesInTrainAndTestFolders() throws IOException {
        byte[] sph = WavBytes.sphere("sample_rate -i 12500\nsample_n_bytes -i 2\nsample_byte_format -s2 10\n",
                new byte[2000]);
        Path train = Files.createDirectories(dir.resolve("ti20/train/f1"));
        Path test = Files.createDirectories(dir.resolve("ti20/test/m2"));
        Files.write(train.resolve("03f1set0.wav"), sph);
        Files.write(train.resolve("00f1set1.wav"), sph);
        Files.write(train.resolve("13f1set0.wav"), sph); // "enter": not a digit, skipped
        Files.write(test.resolve("07m2s1t0.wav"), sph);
        SpokenDigits.Split s = SpokenDigits.load(dir, DigitCorpus.TI46, SMALL, "ti46");
        assertArrayEquals(new int[]{0, 3}, s.train().labels());
        assertArrayEquals(new int[]{7}, s.test().labels());
        assertEquals("m2", s.test().speakers()[0]);
        assertEquals(Path.of("ti20", "test", "m2", "07m2s1t0.wav").toString(), s.test().names()[0]);
    }

    @Test
    void emptyFolderMissingFolderAndBadClipAreOneLineErrors() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "x");
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> SpokenDigits.load(empty, DigitCorpus.FSDD, SMALL, "fsdd"));
        assertTrue(e.getMessage().startsWith(empty + ": holds no FSDD digit recordings"), e.getMessage());
        assertThrows(SpikecoderException.class, () -> DigitCorpus.FSDD.list(dir.resolve("nope")));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.write(bad.resolve("1_a_0.wav"), WavBytes.mono16(clip(1, 100), 8000));
        Files.writeString(bad.resolve("2_a_7.wav"), "garbage");
        e = assertThrows(SpikecoderException.class, () -> SpokenDigits.load(bad, DigitCorpus.FSDD, SMALL, "b"));
        assertEquals(bad.resolve("2_a_7.wav") + ": not a WAV or NIST SPHERE file", e.getMessage());
    }

    /* The real corpus, when this machine has it: $SPIKECODER_DATA/fsdd, else the shared checkout's copy. */
    private static Path realFsdd() {
        try {
            return DataLocator.of(null).datasetDir("fsdd");
        } catch (SpikecoderException e) {
            Path shared = Path.of("/work/shared/data/fsdd");
            return Files.isDirectory(shared) ? shared : null;
        }
    }

    @Test
    void realFsddHasTheOfficialSplit() {
        Path fsdd = realFsdd();
        assumeTrue(fsdd != null && Files.isDirectory(fsdd.resolve("recordings")), "FSDD not present");
        SpokenDigits.Split s = SpokenDigits.load(fsdd, DigitCorpus.FSDD, SpectrogramConfig.defaults(), "fsdd");
        assertEquals(2700, s.train().count());
        assertEquals(300, s.test().count());
        int[] perDigit = new int[10];
        for (int l : s.train().labels()) {
            perDigit[l]++;
        }
        for (int l : s.test().labels()) {
            perDigit[l]++;
        }
        for (int d = 0; d < 10; d++) {
            assertEquals(300, perDigit[d], "digit " + d);
        }
        assertEquals(6, new java.util.HashSet<>(List.of(s.test().speakers())).size());
        for (float v : s.train().inputs()) {
            assertTrue(v >= 0 && v <= 1);
        }
    }
}
