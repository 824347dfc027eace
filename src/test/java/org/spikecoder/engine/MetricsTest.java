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
}
