package org.spikecoder.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.spikecoder.engine.AdamBias;

/** Hand-computed checks of each reference kernel. */
class CpuKernelsTest {

    @Test
    void lifUpdateLeaksIntegratesSpikesAndResets() {
        float[] v = {0.5f, 0.2f, 0f, 0.9f};
        float[] z = {0.6f, 0.1f, 1f, 0f};
        float[] vPre = new float[4];
        float[] s = new float[4];
        int[] counts = {2, 0, 5, 1};
        CpuKernels.lifUpdate(v, z, 4, 0.9f, 1f, false, vPre, s, counts);
        assertArrayEquals(new float[] {0.9f * 0.5f + 0.6f, 0.9f * 0.2f + 0.1f, 1f, 0.9f * 0.9f}, vPre);
        // V exactly at threshold spikes (eq. 2: A = V >= Vth).
        assertArrayEquals(new float[] {1, 0, 1, 0}, s);
        assertArrayEquals(new int[] {3, 0, 6, 1}, counts, "each spike counted");
        assertArrayEquals(new float[] {0f, 0.9f * 0.2f + 0.1f, 0f, 0.9f * 0.9f}, v);
    }

    @Test
    void lifUpdateClampsAtThresholdWhenAsked() {
        float[] v = {0.5f};
        float[] vPre = new float[1];
        float[] s = new float[1];
        CpuKernels.lifUpdate(v, new float[] {2f}, 1, 0.9f, 1f, true, vPre, s, new int[1]);
        assertEquals(1f, vPre[0]);
        assertEquals(1f, s[0]);
        assertEquals(0f, v[0]);
    }

    @Test
    void maskedErrorKeepsOnlyWrongNeurons() {
        float[] target = {1, 1, 0, 0};
        float[] spikes = {1, 0, 1, 0};
        float[] vPre = {1.2f, 0.4f, 1.1f, 0.3f};
        float[] delta = new float[4];
        double loss = CpuKernels.maskedError(target, 4, 0, spikes, vPre, 4, 1, 1f, true, delta);
        // E = M (Vth*target - V): only the missed spike (E = 0.6) and the false spike (E = -1.1) count.
        assertArrayEquals(new float[] {0f, -(1f - 0.4f), 1.1f, 0f}, delta, 1e-7f);
        assertEquals(0.5 * (0.6 * 0.6 + 1.1 * 1.1), loss, 1e-6);
        double unmasked = CpuKernels.maskedError(target, 4, 0, spikes, vPre, 4, 1, 1f, false, delta);
        assertArrayEquals(new float[] {0.2f, -0.6f, 1.1f, 0.3f}, delta, 1e-6f);
        assertEquals(0.5 * (0.04 + 0.36 + 1.21 + 0.09), unmasked, 1e-6);
    }

    @Test
    void sigmoidSurrogatePeaksAtThreshold() {
        assertEquals(0.25f, CpuKernels.sigmoidGrad(1f, 1f), 1e-7f);
        double s = 1 / (1 + Math.exp(-(0.3 - 1)));
        assertEquals(s * (1 - s), CpuKernels.sigmoidGrad(0.3f, 1f), 1e-7);
        assertEquals(CpuKernels.sigmoidGrad(0.5f, 1f), CpuKernels.sigmoidGrad(1.5f, 1f), 1e-7f);
    }

    @Test
    void weightsWithoutGradientShrinkToExactlyZeroUnderAdamWithoutSubnormals() {
        // A weight whose pre neuron never spikes: gradient 0, Adam with weight decay, moments restarting every batch.
        float[] w = {0.1f, -0.05f};
        float[] g = new float[2];
        boolean zero = false;
        for (int batch = 0; batch < 2000 && !zero; batch++) {
            float[] m = new float[2];
            float[] v = new float[2];
            for (int t = 1; t <= 60; t++) {
                CpuKernels.adamUpdate(w, g, m, v, 2, 5e-4f, 0.9f, 0.999f, 1e-8f, 1e-4f,
                        AdamBias.firstMoment(0.9f, t), AdamBias.secondMoment(0.999f, t));
                for (float x : w) {
                    assertTrue(x == 0f || Math.abs(x) >= CpuKernels.WEIGHT_FLUSH, "tiny weight " + x);
                }
            }
            zero = w[0] == 0f && w[1] == 0f;
        }
        assertTrue(zero, "weights without gradient should reach 0, got " + w[0] + ", " + w[1]);
    }

    @Test
    void surrogateDeltaBackpropagatesThroughTransposedWeights() {
        // wNext is 2 (post) x 3 (pre); one sample.
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] deltaNext = {0.5f, -1f};
        float[] vPre = {1f, 1f, 0f};
        float[] delta = new float[3];
        CpuKernels.surrogateDelta(w, 2, 3, deltaNext, vPre, 1, 1f, delta);
        float g0 = CpuKernels.sigmoidGrad(1f, 1f);
        float g2 = CpuKernels.sigmoidGrad(0f, 1f);
        assertArrayEquals(new float[] {(0.5f - 4f) * g0, (1f - 5f) * g0, (1.5f - 6f) * g2}, delta, 1e-6f);
    }

    /**
     * The factorised per-neuron trace must give the gradient of the literal B x post x pre trace that is reset to 0
     * for a post neuron after it spikes.
     */
    @Test
    void factorisedTraceResetMatchesLiteralPerNeuronTrace() {
        Random rnd = new Random(42);
        int batch = 3;
        int post = 5;
        int pre = 7;
        int steps = 12;
        float decay = 0.9f;
        float[][][] literal = new float[batch][post][pre];
        float[] hist = new float[(steps + 1) * batch * pre];
        int[] lastReset = new int[batch * post];
        float[] grad = new float[post * pre];
        for (int t = 1; t <= steps; t++) {
            float[] in = new float[batch * pre];
            for (int i = 0; i < in.length; i++) {
                in[i] = rnd.nextFloat() < 0.3f ? 1f : 0f;
            }
            CpuKernels.traceUpdate(hist, (t - 1) * batch * pre, in, batch * pre, decay, hist, t * batch * pre);
            float[] delta = new float[batch * post];
            float[] spikes = new float[batch * post];
            for (int k = 0; k < delta.length; k++) {
                delta[k] = rnd.nextFloat() - 0.5f;
                spikes[k] = rnd.nextFloat() < 0.25f ? 1f : 0f;
            }
            float[] expected = new float[post * pre];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < post; j++) {
                    for (int i = 0; i < pre; i++) {
                        literal[b][j][i] = decay * literal[b][j][i] + in[b * pre + i];
                        expected[j * pre + i] += delta[b * post + j] * literal[b][j][i] / batch;
                    }
                }
            }
            CpuKernels.weightGradPerNeuron(delta, hist, lastReset, t, decay, batch, batch, post, pre, grad);
            assertArrayEquals(expected, grad, 1e-5f, "step " + t);
            CpuKernels.updateLastReset(spikes, batch * post, t, lastReset);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < post; j++) {
                    if (spikes[b * post + j] != 0f) {
                        java.util.Arrays.fill(literal[b][j], 0f);
                    }
                }
            }
        }
    }

    @Test
    void sharedTraceGradientAndScaleFollowTheAuthorsCode() {
        float[] q = {1f, 2f, 3f, 4f}; // 2 samples x 2 inputs
        float[] delta = {1f, 0f, 0f, 2f}; // 2 samples x 2 post
        float[] grad = new float[4];
        CpuKernels.weightGradShared(delta, q, 2, 2, 2, grad);
        assertArrayEquals(new float[] {0.5f, 1f, 3f, 4f}, grad);
        float[] spikes = {1f, 1f, 0f, 1f};
        CpuKernels.sharedTraceScale(q, spikes, 2, 2, 2, 4f);
        assertArrayEquals(new float[] {0.5f, 1f, 2.25f, 3f}, q);
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        float[] w = {1f, -1f, 0.5f};
        float[] g = {0.2f, -3f, 0f};
        float[] m = new float[3];
        float[] v = new float[3];
        CpuKernels.adamUpdate(w, g, m, v, 3, 0.01f, 0.9f, 0.999f, 1e-8f, 0f, 1f / (1f - 0.9f), 1f / (1f - 0.999f));
        // At t = 1 the bias-corrected step is lr * g / |g|.
        assertArrayEquals(new float[] {0.99f, -0.99f, 0.5f}, w, 1e-5f);
        assertArrayEquals(new float[] {0.02f, -0.3f, 0f}, m, 1e-7f);
    }

    @Test
    void sgdAppliesWeightDecay() {
        float[] w = {1f, 2f};
        CpuKernels.sgdUpdate(w, new float[] {0.5f, 0f}, 2, 0.1f, 0.01f);
        assertArrayEquals(new float[] {1f - 0.1f * (0.5f + 0.01f), 2f - 0.1f * 0.02f}, w, 1e-7f);
    }

    @Test
    void poissonRateMatchesIntensityTimesMaxRate() {
        int n = 4000;
        float[] rates = new float[n];
        java.util.Arrays.fill(rates, 0.5f);
        float[] spikes = new float[n];
        int total = 0;
        for (int step = 1; step <= 10; step++) {
            CpuKernels.poissonEncode(rates, new int[] {3}, 1, n, step, 0, 9, 0.3f, spikes, new int[n]);
            for (float s : spikes) {
                total += (int) s;
            }
        }
        assertEquals(0.15, total / (10.0 * n), 0.01);
        java.util.Arrays.fill(rates, 0f);
        CpuKernels.poissonEncode(rates, new int[] {3}, 1, n, 1, 0, 9, 1f, spikes, new int[n]);
        assertArrayEquals(new float[n], spikes);
    }

    @Test
    void maskedErrorReadsEachSamplesTargetAtItsStrideAndOffset() {
        // Two samples of two neurons; targets laid out B x Th x n with Th = 3, step 2 of 3 selected.
        float[] targets = {0, 0, 0, 0, 1, 0, /* sample 1 */ 0, 0, 0, 0, 0, 1};
        float[] spikes = {0, 0, 0, 1};
        float[] vPre = {0.25f, 0.5f, 0.75f, 1.5f};
        float[] delta = new float[4];
        double loss = CpuKernels.maskedError(targets, 6, 4, spikes, vPre, 2, 2, 1f, false, delta);
        assertArrayEquals(new float[] {-(1f - 0.25f), 0.5f, 0.75f, -(1f - 1.5f)}, delta);
        assertEquals(0.5 * (0.75 * 0.75 + 0.25 + 0.75 * 0.75 + 0.25), loss, 1e-12);
    }

    @Test
    void traceUpdateReadsAndWritesAtItsOffsets() {
        float[] hist = {9f, 9f, 1f, 2f, 9f, 9f};
        CpuKernels.traceUpdate(hist, 2, new float[] {1f, 0f}, 2, 0.5f, hist, 4);
        assertArrayEquals(new float[] {9f, 9f, 1f, 2f, 1.5f, 1f}, hist);
        CpuKernels.traceUpdate(hist, 0, new float[] {0f, 1f}, 2, 0.5f, hist, 0);
        assertArrayEquals(new float[] {4.5f, 5.5f, 1f, 2f, 1.5f, 1f}, hist);
    }

    @Test
    void recordRasterWritesOneStepOfEachSample() {
        byte[] raster = new byte[2 * 3 * 2];
        java.util.Arrays.fill(raster, (byte) 7);
        CpuKernels.recordRaster(new float[] {1f, 0f, 0f, 1f}, 2, 2, 3, 2, raster);
        assertArrayEquals(new byte[] {7, 7, 1, 0, 7, 7, /* sample 1 */ 7, 7, 0, 1, 7, 7}, raster);
    }

    /** The dense synaptic input goes through the event lists; any chunk size gives the same sums, bit for bit. */
    @Test
    void synapticInputFromSpikesEqualsTheEventListForm() {
        Random rnd = new Random(42);
        int batch = 3;
        int post = 9;
        int pre = 70;
        float[] w = new float[post * pre];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextFloat() - 0.5f;
        }
        float[] in = new float[batch * pre];
        for (int i = pre; i < in.length; i++) { // sample 0 silent
            in[i] = rnd.nextFloat() < 0.4f ? 1f : 0f;
        }
        float[] dense = new float[batch * post];
        CpuKernels.synapticInput(w, post, pre, in, batch, dense);
        for (int chunk : new int[] {1, 16, 512}) {
            int nChunks = CpuKernels.chunks(pre, chunk);
            int[] list = new int[batch * pre];
            int[] starts = new int[batch * (nChunks + 1)];
            CpuKernels.activeInputs(in, batch, pre, chunk, list, starts, new int[2 * batch]);
            float[] z = new float[batch * post];
            CpuKernels.synapticInput(w, post, pre, batch, list, starts, nChunks, z);
            assertArrayEquals(dense, z, "chunk " + chunk);
        }
        for (int j = 0; j < post; j++) {
            assertEquals(0f, dense[j]);
        }
    }

    /** adamCatchUp is weightUpdate with g = 0 step by step: the same bits as adamUpdate / sgdUpdate on g = 0. */
    @Test
    void catchUpEqualsTheStepwiseUpdatesOfAZeroGradient() {
        Random rnd = new Random(42);
        int post = 3;
        int pre = 5;
        int steps = 6;
        float[] c1 = new float[steps + 1];
        float[] c2 = new float[steps + 1];
        for (int t = 1; t <= steps; t++) {
            c1[t] = AdamBias.firstMoment(0.9f, t);
            c2[t] = AdamBias.secondMoment(0.999f, t);
        }
        for (boolean adam : new boolean[] {true, false}) {
            float[] w = new float[post * pre];
            for (int i = 0; i < w.length; i++) {
                w[i] = 0.2f * (rnd.nextFloat() - 0.5f);
            }
            float[] m = new float[w.length];
            float[] v = new float[w.length];
            float[] ew = w.clone();
            float[] em = new float[w.length];
            float[] ev = new float[w.length];
            float[] zero = new float[w.length];
            for (int t = 1; t <= steps; t++) {
                if (adam) {
                    CpuKernels.adamUpdate(ew, zero, em, ev, w.length, 5e-4f, 0.9f, 0.999f, 1e-8f, 1e-4f, c1[t],
                            c2[t]);
                } else {
                    CpuKernels.sgdUpdate(ew, zero, w.length, 5e-4f, 1e-4f);
                }
            }
            java.util.Arrays.fill(m, 1f); // read as zero at the first step
            java.util.Arrays.fill(v, 1f);
            CpuKernels.adamCatchUp(w, m, v, post, pre, 0, pre, 1, steps, c1, c2, 5e-4f, 0.9f, 0.999f, 1e-8f, 1e-4f,
                    adam, 1);
            assertArrayEquals(ew, w, adam ? "adam" : "sgd");
            if (adam) {
                assertArrayEquals(em, m);
                assertArrayEquals(ev, v);
            }
        }
    }
}
