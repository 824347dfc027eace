package org.spikecoder.cpu;

import java.util.stream.IntStream;

import org.spikecoder.rng.Philox;

/**
 * The reference implementation of every kernel in {@code kernels/*.cl}, one static method per kernel and with the
 * same name in camel case ({@code lif_update} is {@link #lifUpdate}). Written for exactness and clarity: the OpenCL
 * kernels are checked against these methods in {@code native-tests/}.
 *
 * <p>Layouts: activity arrays are sample-major, {@code [b * n + i]}; weights are {@code [post * pre + pre_index]}.
 * Float expressions are written so that no fused multiply-add is implied (the kernels disable contraction), which
 * keeps spikes bit-identical between backends.
 */
public final class CpuKernels {
    private CpuKernels() {
    }

    /**
     * Rate-coded Poisson (Bernoulli) input: input i of sample b spikes at this step with probability
     * {@code rates[b,i] * maxRate}, drawn from Philox with counter (i / 4, step, sampleId, stream).
     *
     * @param spikes B x n output, 0 or 1. Modified.
     * @param counts B x n spike counts, each raised by its spike. Modified.
     */
    public static void poissonEncode(float[] rates, int[] sampleIds, int batch, int n, int step, int stream,
                                     long seed, float maxRate, float[] spikes, int[] counts) {
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        IntStream.range(0, batch).parallel().forEach(b -> {
            int[] out = new int[4];
            int base = b * n;
            for (int i = 0; i < n; i += 4) {
                Philox.philox4x32(i >>> 2, step, sampleIds[b], stream, k0, k1, out);
                for (int k = 0; k < 4 && i + k < n; k++) {
                    float p = rates[base + i + k] * maxRate;
                    boolean spike = Philox.uniform24(out[k]) < p;
                    spikes[base + i + k] = spike ? 1f : 0f;
                    counts[base + i + k] += spike ? 1 : 0;
                }
            }
        });
    }

    /**
     * Event lists of the input spikes: {@code list[b * pre + k]} is the k-th active input of sample b in ascending
     * order, {@code starts[b * (nChunks + 1) + c]} the first k whose input lies in chunk c (inputs
     * {@code c * chunk .. (c + 1) * chunk - 1}), and {@code starts[b * (nChunks + 1) + nChunks]} the number of events.
     * The live extent {@code extent[2b], extent[2b + 1]} (lowest and highest input that has spiked since the batch
     * began; {@link #NO_EXTENT} before any) widens to cover this step's events.
     *
     * @param list   B x pre output, the first count entries of each sample used. Modified.
     * @param starts B x (nChunks + 1) output. Modified.
     * @param extent B x 2. Modified.
     */
    public static void activeInputs(float[] spikesIn, int batch, int pre, int chunk, int[] list, int[] starts,
                                    int[] extent) {
        int nChunks = chunks(pre, chunk);
        for (int b = 0; b < batch; b++) {
            int n = 0;
            for (int c = 0; c < nChunks; c++) {
                starts[b * (nChunks + 1) + c] = n;
                int end = Math.min(pre, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++) {
                    if (spikesIn[b * pre + i] != 0f) {
                        list[b * pre + n++] = i;
                    }
                }
            }
            starts[b * (nChunks + 1) + nChunks] = n;
            if (n > 0) {
                extent[2 * b] = Math.min(extent[2 * b], list[b * pre]);
                extent[2 * b + 1] = Math.max(extent[2 * b + 1], list[b * pre + n - 1]);
            }
        }
    }

    /** The live extent of a sample before any input has spiked: lowest = MAX_VALUE, highest = -1. */
    public static final int[] NO_EXTENT = {Integer.MAX_VALUE, -1};

    /** Chunks of {@code chunk} inputs that cover {@code pre} inputs (at least one). */
    public static int chunks(int pre, int chunk) {
        return Math.max(1, (pre + chunk - 1) / chunk);
    }

    /**
     * Synaptic input Z = W A (eq. 2) for binary spikes A: z[b,j] = sum over active i of w[j,i], summed in
     * ascending i.
     *
     * @param z B x post output. Modified.
     */
    public static void synapticInput(float[] w, int post, int pre, float[] spikesIn, int batch, float[] z) {
        IntStream.range(0, batch).parallel().forEach(b -> {
            int[] active = new int[pre];
            int count = 0;
            int inBase = b * pre;
            for (int i = 0; i < pre; i++) {
                if (spikesIn[inBase + i] != 0f) {
                    active[count++] = i;
                }
            }
            int outBase = b * post;
            for (int j = 0; j < post; j++) {
                int row = j * pre;
                float sum = 0f;
                for (int k = 0; k < count; k++) {
                    sum += w[row + active[k]];
                }
                z[outBase + j] = sum;
            }
        });
    }

    /**
     * LIF membrane update with spike and reset (eq. 1): V = (1 - alpha) V + Z, optionally clamped at Vth; spike when
     * V >= Vth; V before reset kept for the loss and the surrogate; V reset to 0 after a spike.
     *
     * @param v      membrane potentials. Modified.
     * @param vPre   V before reset. Modified.
     * @param spikes 0 or 1. Modified.
     * @param counts spike counts, each raised by its spike. Modified.
     */
    public static void lifUpdate(float[] v, float[] z, int count, float decay, float threshold, boolean clamp,
                                 float[] vPre, float[] spikes, int[] counts) {
        for (int i = 0; i < count; i++) {
            float nv = decay * v[i] + z[i];
            if (clamp && nv > threshold) {
                nv = threshold;
            }
            vPre[i] = nv;
            boolean spike = nv >= threshold;
            spikes[i] = spike ? 1f : 0f;
            counts[i] += spike ? 1 : 0;
            v[i] = spike ? 0f : nv;
        }
    }

    /**
     * Never-reset input trace xhat = (1 - alpha) xhat + A (the forward-mode dV/dW before any reset).
     *
     * @param traceOut B x pre output. Modified (may be the same array as {@code traceIn}).
     */
    public static void traceUpdate(float[] traceIn, float[] spikesIn, int count, float decay, float[] traceOut) {
        for (int i = 0; i < count; i++) {
            traceOut[i] = decay * traceIn[i] + spikesIn[i];
        }
    }

    /**
     * Masked membrane error of the output layer (eq. 5-8): E = M (Vth * target - V), M = target XOR spike (or 1 when
     * the mask is off), and delta = dL/dV = -E.
     *
     * @param delta B x n output. Modified.
     * @return sum of 0.5 E^2 over the batch
     */
    public static double maskedError(float[] target, float[] spikesOut, float[] vPre, int count, float threshold,
                                     boolean mask, float[] delta) {
        double loss = 0;
        for (int i = 0; i < count; i++) {
            boolean on = !mask || (target[i] != 0f) != (spikesOut[i] != 0f);
            float e = on ? threshold * target[i] - vPre[i] : 0f;
            delta[i] = -e;
            loss += 0.5 * e * e;
        }
        return loss;
    }

    /** Sigmoid surrogate of dA/dV (eq. 3-4): s (1 - s) with s = sigmoid(V - Vth). */
    public static float sigmoidGrad(float vPre, float threshold) {
        float s = (float) (1.0 / (1.0 + Math.exp(-(vPre - threshold))));
        return s * (1f - s);
    }

    /**
     * Hidden-layer delta (eq. 13-15): delta[b,i] = (sum_j wNext[j,i] deltaNext[b,j]) * sigmoid'(V[b,i] - Vth).
     *
     * @param delta B x pre output. Modified.
     */
    public static void surrogateDelta(float[] wNext, int postNext, int pre, float[] deltaNext, float[] vPre,
                                      int batch, float threshold, float[] delta) {
        IntStream.range(0, batch).parallel().forEach(b -> {
            float[] back = new float[pre];
            for (int j = 0; j < postNext; j++) {
                float d = deltaNext[b * postNext + j];
                if (d == 0f) {
                    continue;
                }
                int row = j * pre;
                for (int i = 0; i < pre; i++) {
                    back[i] += wNext[row + i] * d;
                }
            }
            for (int i = 0; i < pre; i++) {
                delta[b * pre + i] = back[i] * sigmoidGrad(vPre[b * pre + i], threshold);
            }
        });
    }

    /**
     * Weight gradient with the paper's per-neuron trace reset, from the factorised trace: the trace of post neuron j
     * of sample b is xhat[t] - (1-alpha)^(t-r) xhat[r], r its last reset step (0: never, xhat[0] = 0). Then
     * grad[j,i] = (1/B) sum_b delta[b,j] trace[b,j,i] (eq. 12 and 16, mean over the batch).
     *
     * @param traceHist (T+1) x B x pre never-reset traces, step-major; step t must be filled
     * @param lastReset B x post last reset step of each post neuron
     * @param grad      post x pre output. Modified.
     */
    public static void weightGradPerNeuron(float[] delta, float[] traceHist, int[] lastReset, int t, float decay,
                                           int batch, int batchStride, int post, int pre, float[] grad) {
        float invB = 1f / batch;
        int stepStride = batchStride * pre;
        IntStream.range(0, post).parallel().forEach(j -> {
            int row = j * pre;
            java.util.Arrays.fill(grad, row, row + pre, 0f);
            for (int b = 0; b < batch; b++) {
                float d = delta[b * post + j] * invB;
                if (d == 0f) {
                    continue;
                }
                int now = t * stepStride + b * pre;
                int r = lastReset[b * post + j];
                if (r == 0) {
                    for (int i = 0; i < pre; i++) {
                        grad[row + i] += d * traceHist[now + i];
                    }
                } else {
                    float dr = d * pow(decay, t - r);
                    int then = r * stepStride + b * pre;
                    for (int i = 0; i < pre; i++) {
                        grad[row + i] += d * traceHist[now + i] - dr * traceHist[then + i];
                    }
                }
            }
        });
    }

    /** decay^k by repeated multiplication, as the kernels compute it. */
    public static float pow(float decay, int k) {
        float p = 1f;
        for (int i = 0; i < k; i++) {
            p *= decay;
        }
        return p;
    }

    /**
     * Records step t as the last reset step of every post neuron that spiked at t.
     *
     * @param lastReset Modified.
     */
    public static void updateLastReset(float[] spikes, int count, int t, int[] lastReset) {
        for (int i = 0; i < count; i++) {
            if (spikes[i] != 0f) {
                lastReset[i] = t;
            }
        }
    }

    /**
     * Weight gradient with the authors' shared trace: grad[j,i] = (1/B) sum_b delta[b,j] q[b,i].
     *
     * @param grad post x pre output. Modified.
     */
    public static void weightGradShared(float[] delta, float[] trace, int batch, int post, int pre, float[] grad) {
        float invB = 1f / batch;
        IntStream.range(0, post).parallel().forEach(j -> {
            int row = j * pre;
            java.util.Arrays.fill(grad, row, row + pre, 0f);
            for (int b = 0; b < batch; b++) {
                float d = delta[b * post + j] * invB;
                if (d == 0f) {
                    continue;
                }
                int tb = b * pre;
                for (int i = 0; i < pre; i++) {
                    grad[row + i] += d * trace[tb + i];
                }
            }
        });
    }

    /**
     * The authors' reset of the shared trace: q[b,i] *= 1 - (spikes of sample b in the post layer) / divisor.
     *
     * @param trace Modified.
     */
    public static void sharedTraceScale(float[] trace, float[] spikesPost, int batch, int pre, int post,
                                        float divisor) {
        for (int b = 0; b < batch; b++) {
            int n = 0;
            for (int j = 0; j < post; j++) {
                if (spikesPost[b * post + j] != 0f) {
                    n++;
                }
            }
            float scale = 1f - n / divisor;
            for (int i = 0; i < pre; i++) {
                trace[b * pre + i] *= scale;
            }
        }
    }

    /**
     * Adam step with host-computed bias corrections c1 = 1 / (1 - beta1^t), c2 = 1 / (1 - beta2^t):
     * g' = g + wd w; m = b1 m + (1-b1) g'; v = b2 v + (1-b2) g'^2; w -= lr (m c1) / (sqrt(v c2) + eps).
     *
     * @param w Modified.
     * @param m Modified.
     * @param v Modified.
     */
    public static void adamUpdate(float[] w, float[] g, float[] m, float[] v, int count, float lr, float beta1,
                                  float beta2, float eps, float weightDecay, float c1, float c2) {
        IntStream.range(0, (count + 4095) / 4096).parallel().forEach(chunk -> {
            int end = Math.min(count, (chunk + 1) * 4096);
            for (int i = chunk * 4096; i < end; i++) {
                float gi = g[i] + weightDecay * w[i];
                float mi = beta1 * m[i] + (1f - beta1) * gi;
                float vi = beta2 * v[i] + (1f - beta2) * (gi * gi);
                m[i] = mi;
                v[i] = vi;
                w[i] = flushTiny(w[i] - lr * (mi * c1) / ((float) Math.sqrt(vi * c2) + eps));
            }
        });
    }

    /**
     * The weight update with a zero data gradient for steps {@code stepFrom..stepTo}, in order, on the weights of
     * columns {@code colFrom..colTo-1} of a post x pre matrix: Adam with {@code c1[s]}, {@code c2[s]} and the
     * moments read as zero at {@code firstStep}, or SGD. What the fused update does step by step to a weight whose
     * inputs never spike; the OpenCL backend defers it to the end of a batch (adam_catch_up).
     *
     * @param w Modified.
     * @param m Modified (Adam).
     * @param v Modified (Adam).
     */
    public static void adamCatchUp(float[] w, float[] m, float[] v, int post, int pre, int colFrom, int colTo,
                                   int stepFrom, int stepTo, float[] c1, float[] c2, float lr, float beta1,
                                   float beta2, float eps, float weightDecay, boolean adam, int firstStep) {
        for (int j = 0; j < post; j++) {
            for (int i = colFrom; i < colTo; i++) {
                int k = j * pre + i;
                for (int s = stepFrom; s <= stepTo; s++) {
                    if (!adam) {
                        w[k] = flushTiny(w[k] - lr * (0f + weightDecay * w[k]));
                        continue;
                    }
                    float gi = 0f + weightDecay * w[k];
                    float m0 = s == firstStep ? 0f : m[k];
                    float v0 = s == firstStep ? 0f : v[k];
                    float mi = beta1 * m0 + (1f - beta1) * gi;
                    float vi = beta2 * v0 + (1f - beta2) * (gi * gi);
                    m[k] = mi;
                    v[k] = vi;
                    w[k] = flushTiny(w[k] - lr * (mi * c1[s]) / ((float) Math.sqrt(vi * c2[s]) + eps));
                }
            }
        }
    }

    /** Weights smaller than this in magnitude are stored as 0 after an update (see {@link #flushTiny}). */
    public static final float WEIGHT_FLUSH = 1e-12f;

    /**
     * 0 for |w| < {@link #WEIGHT_FLUSH}, else w. A weight whose gradient stays 0 shrinks geometrically under Adam
     * with weight decay and would go on into subnormal floats, which make every later operation on it tens of times
     * slower on x86; at under 1e-12 against a threshold of 1 it is already without effect. Twin of flush_tiny in
     * optim.cl.
     */
    public static float flushTiny(float w) {
        return Math.abs(w) < WEIGHT_FLUSH ? 0f : w;
    }

    /**
     * SGD step: w -= lr (g + wd w).
     *
     * @param w Modified.
     */
    public static void sgdUpdate(float[] w, float[] g, int count, float lr, float weightDecay) {
        for (int i = 0; i < count; i++) {
            w[i] = flushTiny(w[i] - lr * (g[i] + weightDecay * w[i]));
        }
    }

}
