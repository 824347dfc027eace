package org.spikecoder.cpu;

import java.util.stream.IntStream;

import org.spikecoder.rng.Philox;

/**
 * The reference implementation of every kernel in {@code kernels/*.cl}, one static method per kernel with the
 * kernel's arguments (less those that only describe the launch) and the same name in camel case ({@code lif_update}
 * is {@link #lifUpdate}), or a {@link Twin} annotation naming the kernel where it differs. Written for exactness and
 * clarity: the OpenCL kernels are checked against these methods by the cases of
 * {@code org.spikecoder.opencl.KernelCases} ({@code spikecoder verify} and the native parity tests).
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
     * Like the kernel, every input is written at the next free place and the place is kept only for an event, so
     * the entry after the last event (where there is one) holds the last input after it.
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
                    list[b * pre + n] = i;
                    n += spikesIn[b * pre + i] != 0f ? 1 : 0;
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
     * ascending i. The dense form of {@link #synapticInput(float[], int, int, int, int[], int[], int, float[])}:
     * each sample's active inputs become one event list, and the sums are the same.
     *
     * @param z B x post output. Modified.
     */
    public static void synapticInput(float[] w, int post, int pre, float[] spikesIn, int batch, float[] z) {
        int[] list = new int[batch * pre];
        int[] starts = new int[batch * 2];
        activeInputs(spikesIn, batch, pre, pre, list, starts, new int[2 * batch]);
        synapticInput(w, post, pre, batch, list, starts, 1, z);
    }

    /**
     * Synaptic input from the event lists of {@link #activeInputs}: z[b,j] = sum over the events i of sample b of
     * w[j,i], in list order (ascending i). Twin of synaptic_input (row-major W, chunk by chunk, which keeps the
     * order) and of synaptic_input_t (the same sums from the transposed copy WT[i,j], which holds the same floats).
     *
     * @param z B x post output. Modified.
     */
    @Twin({"synaptic_input", "synaptic_input_t"})
    public static void synapticInput(float[] w, int post, int pre, int batch, int[] list, int[] starts, int nChunks,
                                     float[] z) {
        IntStream.range(0, batch).parallel().forEach(b -> {
            int count = starts[b * (nChunks + 1) + nChunks];
            int events = b * pre;
            int outBase = b * post;
            for (int j = 0; j < post; j++) {
                int row = j * pre;
                float sum = 0f;
                for (int k = 0; k < count; k++) {
                    sum += w[row + list[events + k]];
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
     * Never-reset input trace xhat = (1 - alpha) xhat + A (the forward-mode dV/dW before any reset), read from
     * {@code traceIn[inOffset..]} and written to {@code traceOut[outOffset..]}: the offsets select steps of the
     * per-neuron history (step t - 1 in, step t out), or are both 0 for the shared trace updated in place.
     *
     * @param traceOut count floats from outOffset. Modified (may be the same array as {@code traceIn}).
     */
    public static void traceUpdate(float[] traceIn, int inOffset, float[] spikesIn, int count, float decay,
                                   float[] traceOut, int outOffset) {
        for (int i = 0; i < count; i++) {
            traceOut[outOffset + i] = decay * traceIn[inOffset + i] + spikesIn[i];
        }
    }

    /**
     * Masked membrane error of the output layer (eq. 5-8): E = M (Vth * target - V), M = target XOR spike (or 1 when
     * the mask is off), and delta = dL/dV = -E. Sample b's target is {@code target[b * targetStride + targetOffset
     * ..]}: the input spikes (stride n, offset 0) for an autoencoder, one step of the replayed B x Th x n target maps
     * for an audiocoder.
     *
     * @param delta B x n output. Modified.
     * @return sum of 0.5 E^2 over the batch, sample by sample (the kernel keeps one sum per sample)
     */
    public static double maskedError(float[] target, int targetStride, int targetOffset, float[] spikesOut,
                                     float[] vPre, int n, int batch, float threshold, boolean mask, float[] delta) {
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int t0 = b * targetStride + targetOffset;
            for (int i = 0; i < n; i++) {
                int k = b * n + i;
                float tg = target[t0 + i];
                boolean on = !mask || (tg != 0f) != (spikesOut[k] != 0f);
                float e = on ? threshold * tg - vPre[k] : 0f;
                delta[k] = -e;
                loss += 0.5 * e * e;
            }
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
     * grad[j,i] = (1/B) sum_b delta[b,j] trace[b,j,i] (eq. 12 and 16, mean over the batch). The kernel fuses the
     * update ({@link #adamUpdate} or {@link #sgdUpdate} after this) and skips what adds exactly +-0.
     *
     * @param traceHist (T+1) x B x pre never-reset traces, step-major; step t must be filled
     * @param lastReset B x post last reset step of each post neuron
     * @param grad      post x pre output. Modified.
     */
    @Twin({"weight_grad_per_neuron_update", "weight_grad_input_major_update"})
    public static void weightGradPerNeuron(float[] delta, float[] traceHist, int[] lastReset, int t, float decay,
                                           int batch, int batchStride, int post, int pre, float[] grad) {
        int stepStride = batchStride * pre;
        gradRows(delta, batch, post, pre, grad, (j, b, d, row) -> {
            int now = t * stepStride + b * pre;
            int r = lastReset[b * post + j];
            if (r == 0) {
                addScaled(grad, row, d, traceHist, now, pre);
            } else {
                float dr = d * pow(decay, t - r);
                int then = r * stepStride + b * pre;
                for (int i = 0; i < pre; i++) {
                    grad[row + i] += d * traceHist[now + i] - dr * traceHist[then + i];
                }
            }
        });
    }

    /**
     * The two factors of {@link #weightGradPerNeuron}'s term for batch x post (sample, post neuron) pairs, computed
     * once per step for the input-major kernel: ds = delta / B and dr = ds (1-alpha)^(t - r), r = lastReset (0: never
     * reset), the same products as d and dr above, and r itself; each written into rows of {@code stride >= post}
     * (the kernel's aligned rows), whose entries past post are left as they are.
     *
     * @param ds output, batch rows of stride floats. Modified.
     * @param dr output, batch rows of stride floats. Modified.
     * @param rs output, batch rows of stride ints (the reset steps). Modified.
     */
    @Twin("scaled_deltas")
    public static void scaledDeltas(float[] delta, int[] lastReset, int t, float decay, int batch, int post,
                                    int stride, float invB, float[] ds, float[] dr, int[] rs) {
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < post; j++) {
                int k = b * post + j;
                int at = b * stride + j;
                float d = delta[k] * invB;
                ds[at] = d;
                dr[at] = d * pow(decay, t - lastReset[k]);
                rs[at] = lastReset[k];
            }
        }
    }

    /**
     * The sample lists of {@link #weightGradPerNeuron}'s rows, per row block of jb rows (block k: rows jb k ..
     * jb k + jb - 1), as the CPU shape of its OpenCL kernel reads them: the samples b, ascending, of which some delta
     * of the block is non-zero, each as 1 + 3 jb ints: b; per row q the bits of d = delta / B (0 past the layer);
     * the bits of dr = d (1-alpha)^(t - r) (0 where r = 0 or d = 0); and the offset r batchStride pre + b pre of
     * the reset step's trace slice (-1 where r = 0 or d = 0). The same products as d and dr there.
     *
     * @param lists  output: block k's list from k * batch * (1 + 3 jb). Modified (only the listed entries).
     * @param counts output: the length of each block's list. Modified.
     */
    public static void rowSampleLists(float[] delta, int[] lastReset, int t, float decay, int batch, int batchStride,
                                      int post, int pre, float invB, int jb, int[] lists, int[] counts) {
        int words = 1 + 3 * jb;
        for (int k = 0; k * jb < post; k++) {
            int j0 = k * jb;
            int rows = Math.min(jb, post - j0);
            int at = k * batch * words;
            int n = 0;
            for (int b = 0; b < batch; b++) {
                boolean any = false;
                for (int q = 0; q < rows; q++) {
                    any |= delta[b * post + j0 + q] != 0f;
                }
                if (!any) {
                    continue;
                }
                lists[at] = b;
                for (int q = 0; q < jb; q++) {
                    float d = 0f;
                    float dr = 0f;
                    int off = -1;
                    if (q < rows) {
                        int o = b * post + j0 + q;
                        d = delta[o] * invB;
                        int r = lastReset[o];
                        if (d != 0f && r != 0) {
                            dr = d * pow(decay, t - r);
                            off = r * batchStride * pre + b * pre;
                        }
                    }
                    lists[at + 1 + q] = Float.floatToRawIntBits(d);
                    lists[at + 1 + jb + q] = Float.floatToRawIntBits(dr);
                    lists[at + 1 + 2 * jb + q] = off;
                }
                at += words;
                n++;
            }
            counts[k] = n;
        }
    }

    /** What one sample adds to one row of the gradient, with d = delta[b,j] / B (never 0). */
    private interface RowTerm {
        void add(int j, int b, float d, int row);
    }

    /**
     * The loop both gradient twins share: per post row j (rows in parallel), the row set to 0, then for b = 0..B-1
     * in ascending order the term of every sample whose scaled delta d = delta[b,j] * (1/B) is not 0.
     */
    private static void gradRows(float[] delta, int batch, int post, int pre, float[] grad, RowTerm term) {
        float invB = 1f / batch;
        IntStream.range(0, post).parallel().forEach(j -> {
            int row = j * pre;
            java.util.Arrays.fill(grad, row, row + pre, 0f);
            for (int b = 0; b < batch; b++) {
                float d = delta[b * post + j] * invB;
                if (d != 0f) {
                    term.add(j, b, d, row);
                }
            }
        });
    }

    /** grad[row + i] += d * x[from + i] for i = 0..n-1. */
    private static void addScaled(float[] grad, int row, float d, float[] x, int from, int n) {
        for (int i = 0; i < n; i++) {
            grad[row + i] += d * x[from + i];
        }
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
     * Weight gradient with the authors' shared trace: grad[j,i] = (1/B) sum_b delta[b,j] q[b,i]. The kernel fuses the
     * update ({@link #adamUpdate} or {@link #sgdUpdate} after this).
     *
     * @param grad post x pre output. Modified.
     */
    @Twin("weight_grad_shared_update")
    public static void weightGradShared(float[] delta, float[] trace, int batch, int post, int pre, float[] grad) {
        gradRows(delta, batch, post, pre, grad, (j, b, d, row) -> addScaled(grad, row, d, trace, b * pre, pre));
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
     * One weight's update, twin of weight_update in optim.cl, which every update kernel applies: Adam with
     * host-computed bias corrections c1 = 1 / (1 - beta1^t), c2 = 1 / (1 - beta2^t), g' = g + wd w;
     * m = b1 m0 + (1-b1) g'; v = b2 v0 + (1-b2) g'^2; w -= lr (m c1) / (sqrt(v c2) + eps), with m0 = v0 = 0 at the
     * batch's first step ({@code first}) and the stored moments otherwise; or SGD, w -= lr (g + wd w). The weight is
     * then flushed ({@link #flushTiny}).
     *
     * @param w Modified at k.
     * @param m Modified at k (Adam; unused with SGD, may be null).
     * @param v Modified at k (Adam; unused with SGD, may be null).
     */
    public static void weightUpdate(float[] w, float[] m, float[] v, int k, float g, float lr, float beta1,
                                    float beta2, float eps, float weightDecay, float c1, float c2, boolean adam,
                                    boolean first) {
        float wk = w[k];
        if (adam) {
            float gi = g + weightDecay * wk;
            float m0 = first ? 0f : m[k];
            float v0 = first ? 0f : v[k];
            float mi = beta1 * m0 + (1f - beta1) * gi;
            float vi = beta2 * v0 + (1f - beta2) * (gi * gi);
            m[k] = mi;
            v[k] = vi;
            w[k] = flushTiny(wk - lr * (mi * c1) / ((float) Math.sqrt(vi * c2) + eps));
        } else {
            w[k] = flushTiny(wk - lr * (g + weightDecay * wk));
        }
    }

    /**
     * Adam step on {@code count} weights ({@link #weightUpdate} with the stored moments, which the CPU backend zeroes
     * at the start of a batch).
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
                weightUpdate(w, m, v, i, g[i], lr, beta1, beta2, eps, weightDecay, c1, c2, true, false);
            }
        });
    }

    /**
     * The weight update with a zero data gradient for steps {@code stepFrom..stepTo}, in order, on the weights of
     * columns {@code colFrom..colTo-1} of a post x pre matrix: {@link #weightUpdate} with g = 0, Adam with
     * {@code c1[s]}, {@code c2[s]} and the moments read as zero at {@code firstStep}, or SGD. What the fused update
     * does step by step to a weight whose inputs never spike; the OpenCL backend defers it to the end of a batch.
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
                    weightUpdate(w, m, v, k, 0f, lr, beta1, beta2, eps, weightDecay, c1[s], c2[s], adam,
                            s == firstStep);
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
     * SGD step on {@code count} weights: w -= lr (g + wd w) ({@link #weightUpdate} without Adam).
     *
     * @param w Modified.
     */
    public static void sgdUpdate(float[] w, float[] g, int count, float lr, float weightDecay) {
        for (int i = 0; i < count; i++) {
            weightUpdate(w, null, null, i, g[i], lr, 0f, 0f, 0f, weightDecay, 0f, 0f, false, false);
        }
    }

    /**
     * Records step t (1..T) of a layer's spikes into a batch's spike raster: raster[(b T + t - 1) n + i] = 1 where
     * spikes[b,i] != 0, else 0.
     *
     * @param raster B x T x n, sample-major. Modified (step t only).
     */
    public static void recordRaster(float[] spikes, int batch, int n, int steps, int t, byte[] raster) {
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                raster[(b * steps + (t - 1)) * n + i] = (byte) (spikes[b * n + i] != 0f ? 1 : 0);
            }
        }
    }

}
