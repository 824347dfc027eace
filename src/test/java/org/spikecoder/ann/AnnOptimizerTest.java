package org.spikecoder.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Single SGD and Adam steps against values worked out by hand. */
class AnnOptimizerTest {
    @Test
    void sgdStepAddsWeightDecayToWeightsOnly() {
        float[] w = {1.0f, -2.0f};
        float[] b = {0.5f};
        AnnOptimizer.sgd(0.1, 0.01).step(new float[][] {w, b}, new float[][] {{0.5f, -1.0f}, {2.0f}},
                new boolean[] {true, false});
        // w - lr (g + wd w): 1 - 0.1 (0.5 + 0.01) = 0.949; -2 - 0.1 (-1 - 0.02) = -1.898; bias: 0.5 - 0.1 * 2 = 0.3
        assertEquals(0.949f, w[0], 1e-6f);
        assertEquals(-1.898f, w[1], 1e-6f);
        assertEquals(0.3f, b[0], 1e-6f);
    }

    @Test
    void adamFirstStepMovesByLrTimesSign() {
        float[] w = {1.0f, -1.0f, 0.0f};
        AnnOptimizer adam = AnnOptimizer.adam(0.01, 0, 0.9, 0.999, 1e-8);
        adam.step(new float[][] {w}, new float[][] {{3.0f, -0.2f, 0f}}, new boolean[] {true});
        // t = 1: m^ = g, v^ = g^2, so the step is lr g / (|g| + eps).
        assertEquals(0.99f, w[0], 1e-6f);
        assertEquals(-0.99f, w[1], 1e-6f);
        assertEquals(0.0f, w[2], 0f);
        assertEquals(1, adam.steps());
    }

    @Test
    void adamSecondStepKeepsMomentsAcrossSteps() {
        double lr = 0.1;
        double wd = 0.5;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        float[] w = {2.0f};
        AnnOptimizer adam = AnnOptimizer.adam(lr, wd, b1, b2, eps);
        adam.step(new float[][] {w}, new float[][] {{1.0f}}, new boolean[] {true});
        adam.step(new float[][] {w}, new float[][] {{-4.0f}}, new boolean[] {true});

        double p = 2.0;
        double g1 = 1.0 + wd * p;                       // 2.0
        double m = (1 - b1) * g1;
        double v = (1 - b2) * g1 * g1;
        p -= lr * (m / (1 - b1)) / (Math.sqrt(v / (1 - b2)) + eps);   // 1.9
        double g2 = -4.0 + wd * p;                      // -3.05
        m = b1 * m + (1 - b1) * g2;
        v = b2 * v + (1 - b2) * g2 * g2;
        p -= lr * (m / (1 - b1 * b1)) / (Math.sqrt(v / (1 - b2 * b2)) + eps);
        assertEquals(p, w[0], 1e-5);
    }
}
