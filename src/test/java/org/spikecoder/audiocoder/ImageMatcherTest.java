package org.spikecoder.audiocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.Metrics;

class ImageMatcherTest {

    @Test
    void picksTheClosestCandidateAfterZScoring() {
        float[] px = {
            0, 1, 0, 1, // image 0: alternating
            1, 1, 0, 0, // image 1: left half
            0, 0, 1, 1, // image 2: right half
        };
        ImageDataset images = new ImageDataset("t", 2, 2, px, new byte[] {0, 1, 1});
        ImageMatcher m = new ImageMatcher(images);
        float[] output = {0, 0, 5, 5}; // right half, other scale
        assertEquals(0.0, m.bestMse(output, 0, new int[] {0, 1, 2}), 1e-12);
        double toLeft = Metrics.zscoredMse(output, 0, px, 4, 4);
        assertEquals(toLeft, m.bestMse(output, 0, new int[] {1}), 1e-12);
        assertEquals(Math.min(toLeft, Metrics.zscoredMse(output, 0, px, 0, 4)),
                m.bestMse(output, 0, new int[] {1, 0}), 1e-12);
    }
}
