package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramTest {
    private static final Spectrogram DEFAULT = new Spectrogram(SpectrogramConfig.defaults());

    @TempDir
    Path dir;

    private static Audio tone(double hz, int rate, double seconds) {
        float[] x = new float[(int) (seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new Audio(x, rate, "tone");
    }

    /* Channel with the largest total over frames. */
    private static int loudestChannel(float[] s, int channels) {
        double[] sum = new double[channels];
        for (int i = 0; i < s.length; i++) {
            sum[i % channels] += s[i];
        }
        int best = 0;
        for (int c = 1; c < channels; c++) {
            if (sum[c] > sum[best]) {
                best = c;
            }
        }
        return best;
    }

    private static int nearestChannel(double[] centres, double hz) {
        int best = 0;
        for (int c = 1; c < centres.length; c++) {
            if (Math.abs(centres[c] - hz) < Math.abs(centres[best] - hz)) {
                best = c;
            }
        }
        return best;
    }

    @Test
    void shapeAndRange() {
        float[] s = DEFAULT.compute(tone(700, 8000, 0.5));
        assertEquals(100 * 39, s.length);
        assertEquals(3900, SpectrogramConfig.defaults().inputSize());
        assertEquals(58500, SpectrogramConfig.paper().inputSize());
        for (float v : s) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
    }

    @Test
    void pureTonesLandInTheNearestChannel() {
        double[] centres = DEFAULT.centreHz();
        assertEquals(39, centres.length);
        for (double hz : new double[]{250, 1000, 2500, 3500}) {
            int want = nearestChannel(centres, hz);
            assertEquals(want, loudestChannel(DEFAULT.compute(tone(hz, 8000, 0.5)), 39), hz + " Hz");
        }
        // through the resampler too: a 1 kHz tone recorded at 16 kHz
        assertEquals(nearestChannel(centres, 1000), loudestChannel(DEFAULT.compute(tone(1000, 16000, 0.5)), 39));
        Spectrogram linear = new Spectrogram(SpectrogramConfig.defaults().withScale(FrequencyScale.LINEAR));
        assertEquals(nearestChannel(linear.centreHz(), 1000),
                loudestChannel(linear.compute(tone(1000, 8000, 0.5)), 39));
    }

    @Test
    void melCentresRiseAndSpanTheBand() {
        double[] c = DEFAULT.centreHz();
        for (int i = 1; i < c.length; i++) {
            assertTrue(c[i] > c[i - 1]);
        }
        assertTrue(c[0] > 0 && c[0] < 60, "lowest centre " + c[0]);
        assertTrue(c[38] > 3700 && c[38] < 4000, "highest centre " + c[38]);
        // mel spacing: the top gaps are much wider than the bottom ones
        assertTrue(c[38] - c[37] > 4 * (c[1] - c[0]));
    }

    @Test
    void silenceGivesZerosNotNaN() {
        for (float v : DEFAULT.compute(new Audio(new float[4000], 8000, "silence"))) {
            assertEquals(0f, v);
        }
        for (float v : DEFAULT.compute(new Audio(new float[1], 8000, "one sample"))) {
            assertEquals(0f, v);
        }
    }

    @Test
    void shortClipsArePaddedAndLongOnesTrimmed() {
        // 0.2 s: needs 1 + ceil((1600 - 256) / 80) = 18 frames, the remaining 82 are padding
        assertEquals(18, DEFAULT.framesNeeded(1600));
        assertEquals(1, DEFAULT.framesNeeded(10));
        float[] s = DEFAULT.compute(tone(1000, 8000, 0.2));
        for (int i = 18 * 39; i < s.length; i++) {
            assertEquals(0f, s[i], "padding at " + i);
        }
        float max = 0;
        for (int i = 0; i < 17 * 39; i++) {
            max = Math.max(max, s[i]);
        }
        assertEquals(1f, max);
        // 3 s is trimmed to the first 100 frames: identical to the spectrogram of its first 8176 samples
        Audio longClip = tone(1000, 8000, 3);
        float[] head = java.util.Arrays.copyOf(longClip.samples(), (int) SpectrogramConfig.defaults().coveredSamples());
        assertEquals(java.util.Arrays.toString(DEFAULT.compute(new Audio(head, 8000, "head"))),
                java.util.Arrays.toString(DEFAULT.compute(longClip)));
    }

    @Test
    void scalingIsMinMaxWithADynamicRangeFloor() {
        float[] v = Spectrogram.scale(new double[]{-100, -50, -20, -10}, 80);
        assertEquals(0f, v[0]); // below top - 80 dB = -90
        assertEquals(0.5f, v[1], 1e-6);
        assertEquals(70 / 80f, v[2], 1e-6);
        assertEquals(1f, v[3]);
        float[] w = Spectrogram.scale(new double[]{-30, -20, -10}, 80);
        assertEquals(0f, w[0]);
        assertEquals(0.5f, w[1], 1e-6);
    }

    @Test
    void headroomMapsTheLoudestDecibelsToOne() {
        // range 80 below top -10: bottom -90; headroom 20: -30 and louder map to 1, linear from -90 to -30
        float[] v = Spectrogram.scale(new double[]{-100, -60, -30, -20, -10}, 80, 20);
        assertEquals(0f, v[0]);
        assertEquals(0.5f, v[1], 1e-6);
        assertEquals(1f, v[2], 1e-6);
        assertEquals(1f, v[3]);
        assertEquals(1f, v[4]);
        assertThrows(IllegalArgumentException.class, () -> SpectrogramConfig.defaults().withHeadroomDb(60));
    }

    @Test
    void rejectsFiltersWithoutBins() {
        SpectrogramConfig tooMany = new SpectrogramConfig(8000, 32, 8, 10, 39, FrequencyScale.MEL, 0, 4000, 80);
        assertThrows(IllegalArgumentException.class, () -> new Spectrogram(tooMany));
        assertThrows(IllegalArgumentException.class,
                () -> new SpectrogramConfig(8000, 250, 80, 100, 39, FrequencyScale.MEL, 0, 4000, 80));
    }

    @Test
    void pngShowsTimeAcrossAndLowFrequenciesAtTheBottom() throws IOException {
        Path png = dir.resolve("tone.png");
        float[] s = DEFAULT.compute(tone(250, 8000, 0.5));
        SpectrogramImage.write(png, s, 1, 100, 39, 2);
        BufferedImage img = ImageIO.read(png.toFile());
        // ImageGrid: 2g border (g = scale) around one 200 x 78 tile
        assertEquals(200 + 8, img.getWidth());
        assertEquals(78 + 8, img.getHeight());
        int lowRow = 4 + 2 * (38 - nearestChannel(DEFAULT.centreHz(), 250)); // a low channel: near the bottom
        assertTrue((img.getRGB(4 + 20, lowRow) & 0xFF) > 200);
        assertTrue((img.getRGB(4 + 20, 4) & 0xFF) < 100); // the top (4 kHz) is dark
    }
}
