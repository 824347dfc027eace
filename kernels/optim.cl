/*
 * optim.cl - the weight update applied at every time step, as an inline function that the fused gradient kernels
 * of grad.cl call right after computing a weight's gradient, so no gradient buffer is ever stored.
 *
 *   Adam:  g' = g + wd w;  m = b1 m + (1 - b1) g';  v = b2 v + (1 - b2) g'^2;
 *          w -= lr (m c1) / (sqrt(v c2) + eps),  c1 = 1 / (1 - b1^t), c2 = 1 / (1 - b2^t) computed on the host
 *   SGD:   w -= lr (g + wd w)
 *
 * Adam's moments restart at every batch (NOTES.md); instead of clearing them the host passes first = 1 at the
 * batch's first learning step, which reads them as zero. Needs correctly rounded sqrt and division
 * (-cl-fp32-correctly-rounded-divide-sqrt where the device offers it) to match the Java twin bit for bit.
 * Twins: CpuKernels.adamUpdate, CpuKernels.sgdUpdate.
 */
#pragma OPENCL FP_CONTRACT OFF


/* Weights smaller than WEIGHT_FLUSH in magnitude are stored as 0 (twin CpuKernels.flushTiny): a weight whose
 * gradient stays 0 (its pre neuron never spikes) shrinks geometrically under Adam with weight decay and would go on
 * into subnormal floats, whose arithmetic is tens of times slower on x86 CPUs (measured: 7% of W2 subnormal after
 * 10,000 Fashion-MNIST images at T = 60, and batches became up to ten times slower). Such a weight adds under
 * 1e-12 to a membrane potential whose threshold is 1: zero is the same network. */
#define WEIGHT_FLUSH 1e-12f

inline float flush_tiny(const float w) {
    return fabs(w) < WEIGHT_FLUSH ? 0.0f : w;
}

inline floatv flush_tiny_v(const floatv w) {
    return select(w, (floatv)(0.0f), fabs(w) < (floatv)(WEIGHT_FLUSH));
}

inline void weight_update(__global float* w, __global float* m, __global float* v, const long k, const float g,
                          const float lr, const float beta1, const float beta2, const float eps,
                          const float weightDecay, const float c1, const float c2, const int adam, const int first)
{
    const float wk = w[k];
    if (adam) {
        const float gi = g + weightDecay * wk;
        const float m0 = first ? 0.0f : m[k];
        const float v0 = first ? 0.0f : v[k];
        const float mi = beta1 * m0 + (1.0f - beta1) * gi;
        const float vi = beta2 * v0 + (1.0f - beta2) * (gi * gi);
        m[k] = mi;
        v[k] = vi;
        w[k] = flush_tiny(wk - lr * (mi * c1) / (sqrt(vi * c2) + eps));
    } else {
        w[k] = flush_tiny(wk - lr * (g + weightDecay * wk));
    }
}

/* The same update on VW consecutive weights from k (see VLOADF in common.cl). */
inline void weight_update_v(__global float* w, __global float* m, __global float* v, const long k, const floatv g,
                            const float lr, const float beta1, const float beta2, const float eps,
                            const float weightDecay, const float c1, const float c2, const int adam, const int first)
{
    const floatv wk = VLOADF(w + k);
    if (adam) {
        const floatv gi = g + weightDecay * wk;
        const floatv m0 = first ? (floatv)(0.0f) : VLOADF(m + k);
        const floatv v0 = first ? (floatv)(0.0f) : VLOADF(v + k);
        const floatv mi = beta1 * m0 + (1.0f - beta1) * gi;
        const floatv vi = beta2 * v0 + (1.0f - beta2) * (gi * gi);
        VSTOREF(mi, m + k);
        VSTOREF(vi, v + k);
        VSTOREF(flush_tiny_v(wk - lr * (mi * c1) / (sqrt(vi * c2) + eps)), w + k);
    } else {
        VSTOREF(flush_tiny_v(wk - lr * (g + weightDecay * wk)), w + k);
    }
}

/* Updates the first `lanes` of VW consecutive weights from k: all of them with vector operations, or, at the end of
 * a row, lane by lane so that the next row's weights are never written. */
inline void update_lanes(__global float* w, __global float* m, __global float* v, const long k, const int lanes,
                         const floatv g, const float lr, const float beta1, const float beta2, const float eps,
                         const float weightDecay, const float c1, const float c2, const int adam, const int first)
{
    if (lanes == VW) {
        weight_update_v(w, m, v, k, g, lr, beta1, beta2, eps, weightDecay, c1, c2, adam, first);
        return;
    }
    float gl[VW];
    VSTOREF(g, gl);
    for (int q = 0; q < lanes; q++) {
        weight_update(w, m, v, k + q, gl[q], lr, beta1, beta2, eps, weightDecay, c1, c2, adam, first);
    }
}

/* After update_lanes: copies the first `lanes` updated weights W[j][i ..] into the transposed copy WT[i ..][j]
 * (pre x post) that synaptic_input_t reads, so both stay equal bit for bit. */
inline void store_transposed(__global const float* w, __global float* wt, const int j, const int i, const int lanes,
                             const int pre, const int post)
{
    for (int q = 0; q < lanes; q++) {
        wt[(long)(i + q) * post + j] = w[(long)j * pre + i + q];
    }
}
