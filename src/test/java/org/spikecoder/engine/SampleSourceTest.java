package org.spikecoder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikecoder.data.ImageDataset;

/** The lit fraction that picks layer 1's gradient layout counts every (sample, input) pair above 0, and only those. */
class SampleSourceTest {
    @Test
    void litFractionCountsThePairsAboveZero() {
        // Two 2 x 2 images: 3 of their 8 pixels lit, one of them barely; -0 is dark.
        float[] pixels = {0f, 0.5f, -0f, 1f, 0f, 0f, 0f, Float.MIN_VALUE};
        ImageSamples s = ImageSamples.all(new ImageDataset("t", 2, 2, pixels, new byte[] {0, 1}));
        assertEquals(3 / 8.0, s.litFraction());
    }

    @Test
    void noSamplesAreDark() {
        ImageSamples s = ImageSamples.all(new ImageDataset("t", 2, 2, new float[0], new byte[0]));
        assertEquals(0.0, s.litFraction());
    }
}
