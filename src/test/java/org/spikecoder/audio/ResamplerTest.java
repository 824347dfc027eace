package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static Audio tone(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return new Audio(x, rate, "tone");
    }

    @Test
    void identityWhenRatesMatch() {
        Audio a = tone(440, 8000, 100);
        assertSame(a, Resampler.resample(a, 8000));
    }

    @Test
    void toneKeepsItsFrequencyFrom16kTo8k() {
        Audio out = Resampler.resample(tone(440, 16000, 16000), 8000);
        assertEquals(8000, out.sampleRate());
        assertEquals(8000, out.samples().length);
        // away from the edges (where the kernel meets the zeros outside the clip) it is the same tone sampled at 8 kHz
        double maxErr = 0;
        for (int n = 200; n < 7800; n++) {
            double want = 0.5 * Math.sin(2 * Math.PI * 440 * n / 8000.0);
            maxErr = Math.max(maxErr, Math.abs(out.samples()[n] - want));
        }
        assertTrue(maxErr < 2e-3, "max error " + maxErr);
    }

    @Test
    void toneAboveTheNewNyquistIsRemoved() {
        // 6 kHz cannot exist at 8 kHz; without the low-pass it would alias to 2 kHz at full amplitude
        Audio out = Resampler.resample(tone(6000, 16000, 16000), 8000);
        double peak = 0;
        for (int n = 200; n < 7800; n++) {
            peak = Math.max(peak, Math.abs(out.samples()[n]));
        }
        assertTrue(peak < 0.5e-3, "alias peak " + peak);
    }

    @Test
    void upsamplingAndOddRatios() {
        Audio up = Resampler.resample(tone(440, 8000, 8000), 44100);
        assertEquals(44100, up.samples().length);
        double maxErr = 0;
        for (int n = 2000; n < 42000; n++) {
            maxErr = Math.max(maxErr, Math.abs(up.samples()[n] - 0.5 * Math.sin(2 * Math.PI * 440 * n / 44100.0)));
        }
        assertTrue(maxErr < 2e-3, "max error " + maxErr);
        Audio down = Resampler.resample(tone(300, 44100, 4410), 8000);
        assertEquals(800, down.samples().length);
        assertEquals(1, Resampler.resample(new Audio(new float[1], 44100, "x"), 8000).samples().length);
    }
}
