package org.spikecoder.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void zscoreUsesSampleStandardDeviation() {
        double[] z = Metrics.zscore(new float[] {1, 2, 3, 4}, 0, 4);
        double sd = Math.sqrt(5.0 / 3.0);
        assertArrayEquals(new double[] {-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd}, z, 1e-12);
    }

    @Test
    void constantMapBecomesZeros() {
        assertArrayEquals(new double[] {0, 0, 0}, Metrics.zscore(new float[] {7, 7, 7}, 0, 3));
    }

    @Test
    void mseOfOppositeRampsIsFourTimesTheMeanSquare() {
        // z(b) = -z(a), and the z-scores' squares sum to n - 1: MSE = 4 (n - 1) / n = 3 for n = 4.
        assertEquals(3.0, Metrics.zscoredMse(new float[] {1, 2, 3, 4}, 0, new float[] {4, 3, 2, 1}, 0, 4), 1e-12);
        // Silent output (all zero counts) against a ramp: (n - 1) / n.
        assertEquals(0.75, Metrics.zscoredMse(new float[] {1, 2, 3, 4}, 0, new float[] {0, 0, 0, 0}, 0, 4), 1e-12);
        // Scale and offset do not matter after z-scoring.
        assertEquals(0.0, Metrics.zscoredMse(new float[] {0, 0, 1, 2, 3}, 2, new float[] {10, 20, 30}, 0, 3), 1e-12);
    }

    @Test
    void pixelMseComparesSpikeRatesWithIntensities() {
        // T = 4: rates 0, 0.5, 1, 0.25 against intensities 0, 1, 0.5, 0.25 (pixel / 255):
        // squared differences 0, 0.25, 0.25, 0 -> mean 0.125.
        float[] pixels = {0f, 1f, 0.5f, 0.25f};
        float[] counts = {0, 2, 4, 1};
        assertEquals(0.125, Metrics.pixelMse(pixels, 0, counts, 0, 4, 4), 1e-12);
        // Offsets select the second image of each array; a perfect rate map gives 0.
        float[] twoImages = {9f, 9f, 0.2f, 0.6f};
        float[] twoCounts = {3, 4, 5, 1, 3};
        assertEquals(0.0, Metrics.pixelMse(twoImages, 2, twoCounts, 3, 2, 5), 1e-7);
        // Unlike the z-scored metric, scale matters: an all-silent output against a white image costs 1 per pixel.
        assertEquals(1.0, Metrics.pixelMse(new float[] {1f, 1f}, 0, new float[] {0, 0}, 0, 2, 15), 1e-12);
    }
}
