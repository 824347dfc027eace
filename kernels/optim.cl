/*
 * optim.cl - the weight update applied at every time step, as an inline function that the fused gradient kernels
 * of grad.cl call right after computing a weight's gradient, so no gradient buffer is ever stored.
 *
 *   Adam:  g' = g + wd w;  m = b1 m + (1 - b1) g';  v = b2 v + (1 - b2) g'^2;
 *          w -= lr (m c1) / (sqrt(v c2) + eps),  c1 = 1 / (1 - b1^t), c2 = 1 / (1 - b2^t) computed on the host
 *   SGD:   w -= lr (g + wd w)
 *
 * Adam's moments restart at every batch (docs/MATH.md, section 6); instead of clearing them the host passes first = 1 at the
 * batch's first learning step, which reads them as zero. Needs correctly rounded sqrt and division
 * (-cl-fp32-correctly-rounded-divide-sqrt where the device offers it) to match the Java twin bit for bit.
 *   adam_catch_up: the same update with a zero data gradient, applied for steps stepFrom..stepTo at once to the
 *                  weights of inputs that no sample of the batch can spike (rate 0): their update depends only on
 *                  their own w, m and v, so deferring it to the batch's end gives the same bits and reads the Adam
 *                  state once per batch instead of once per step.
 * Twins: CpuKernels.weightUpdate (weight_update, weight_update_v, zero_grad_step: the one scalar step that
 * CpuKernels.adamUpdate, sgdUpdate and adamCatchUp apply), CpuKernels.adamCatchUp.
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

/* The same copy for a whole tile, rows j0 .. j0 + rows - 1 (rows <= JB) and `width` columns from i0: per column i
 * the weights WT[i][j0 ..] are next to each other, so a full tile stores them together (compilers make a scatter
 * of store_transposed, one float per cache line, or one loop of scalar stores per row). */
inline void store_transposed_rows(__global const float* w, __global float* wt, const int j0, const int rows,
                                  const int i0, const int width, const int pre, const int post)
{
    __global const float* src = w + (long)j0 * pre + i0;
    __global float* dst = wt + (long)i0 * post + j0;
#if JB == 1
    /* One row: a plain strided copy (the general loop over q < rows below compiles to a loop with runtime checks
     * around every single store). */
    for (int i = 0; i < width; i++) {
        dst[(long)i * post] = src[i];
    }
#else
    for (int i = 0; i < width; i++) {
#if JB == 2
        if (rows == JB) {
            vstore2((float2)(src[i], src[pre + i]), 0, dst + (long)i * post);
            continue;
        }
#elif JB == 4
        if (rows == JB) {
            vstore4((float4)(src[i], src[pre + i], src[2 * pre + i], src[3 * pre + i]), 0, dst + (long)i * post);
            continue;
        }
#endif
        for (int q = 0; q < rows; q++) {
            dst[(long)i * post + q] = src[q * pre + i];
        }
    }
#endif
}

/* One update with a zero data gradient on VW weights held in registers: weight_update_v's expressions with g = 0. */
inline void zero_grad_step(floatv* w, floatv* m, floatv* v, const float lr, const float beta1, const float beta2,
                           const float eps, const float weightDecay, const float c1, const float c2, const int adam,
                           const int first)
{
    const floatv wk = *w;
    if (adam) {
        const floatv gi = (floatv)(0.0f) + weightDecay * wk;
        const floatv m0 = first ? (floatv)(0.0f) : *m;
        const floatv v0 = first ? (floatv)(0.0f) : *v;
        *m = beta1 * m0 + (1.0f - beta1) * gi;
        *v = beta2 * v0 + (1.0f - beta2) * (gi * gi);
        *w = flush_tiny_v(wk - lr * (*m * c1) / (sqrt(*v * c2) + eps));
    } else {
        *w = flush_tiny_v(wk - lr * ((floatv)(0.0f) + weightDecay * wk));
    }
}

#ifndef CU
  #define CU 4            /* floatVW vectors per work-item of adam_catch_up: independent chains that hide latency */
#endif

/* NDRange (ceil((colTo - colFrom) / (CU VW)), post): one work-item per CU*VW consecutive weights W[j][colFrom + ..]
 * of row j. Keeping them in registers, it applies the update with g = 0 of steps stepFrom..stepTo in order, with the
 * bias corrections c1Tab[s], c2Tab[s] of each step and the moments read as zero at step firstStep (the batch's first
 * learning step), exactly as the fused kernels would have step by step for a tile whose samples are all skipped.
 * The CU vectors are independent, so their sqrt and division latencies overlap. */
__kernel void adam_catch_up(__global float* w, __global float* m, __global float* v, const int post, const int pre,
                            const int colFrom, const int colTo, const int stepFrom, const int stepTo,
                            __constant float* c1Tab, __constant float* c2Tab,
                            const float lr, const float beta1, const float beta2, const float eps,
                            const float weightDecay, const int adam, const int firstStep)
{
    const int i0 = colFrom + get_global_id(0) * (CU * VW);
    const int j = get_global_id(1);
    if (i0 >= colTo || j >= post) {
        return;
    }
    const long row = (long)j * pre;
    floatv wr[CU], mr[CU], vr[CU];
    int lanes[CU];
    for (int k = 0; k < CU; k++) {
        lanes[k] = clamp(colTo - (i0 + k * VW), 0, VW);
        const long o = row + i0 + k * VW;
        wr[k] = load_lanes(w + o, lanes[k]);
        mr[k] = load_lanes(m + o, lanes[k]);
        vr[k] = load_lanes(v + o, lanes[k]);
    }
    for (int s = stepFrom; s <= stepTo; s++) {
        const float c1 = c1Tab[s];
        const float c2 = c2Tab[s];
        const int first = s == firstStep;
        #pragma unroll
        for (int k = 0; k < CU; k++) {
            zero_grad_step(&wr[k], &mr[k], &vr[k], lr, beta1, beta2, eps, weightDecay, c1, c2, adam, first);
        }
    }
    for (int k = 0; k < CU; k++) {
        const long o = row + i0 + k * VW;
        store_lanes(wr[k], w + o, lanes[k]);
        if (adam) {
            store_lanes(mr[k], m + o, lanes[k]);
            store_lanes(vr[k], v + o, lanes[k]);
        }
    }
}
