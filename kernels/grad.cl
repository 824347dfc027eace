/*
 * grad.cl - eligibility traces and the fused trace-times-error weight gradient (eq. 9-17).
 *
 *   trace_update:       xhat[t] = (1 - alpha) xhat[t-1] + A_in[t]          (never-reset input trace)
 *   update_last_reset:  r[b, j] = t where A[b, j] = 1                       (per-neuron mode)
 *   shared_trace_scale: q[b, i] *= 1 - (sum_j A[b, j]) / divisor            (authors' shared trace)
 *
 *   weight_grad_per_neuron_update (the paper's per-neuron reset, factorised as in NOTES.md):
 *       tr[b, j, i] = xhat[t][b, i] - (1 - alpha)^(t - r) xhat[r][b, i]     (r = r[b, j]; r = 0: never reset)
 *       g[j, i]     = (1/B) sum_b delta[b, j] tr[b, j, i]
 *   weight_grad_shared_update (the authors' code):
 *       g[j, i]     = (1/B) sum_b delta[b, j] q[b, i]
 *   each followed at once by the Adam or SGD update of W[j, i] (optim.cl), so the B x post x pre trace and the
 *   post x pre gradient are never stored.
 *
 * The host launches the fused kernels only after every delta of the step is computed: the hidden delta reads
 * W_next before its update. Sums over b run in ascending order and skip zero deltas, as the Java twins.
 * Sparsity: a sample is skipped in a tile when the tile's deltas are all 0, or when the tile's inputs lie outside the
 * sample's live extent (active_inputs: the inputs that have spiked since the batch began), where every trace is
 * still exactly 0 and every term would add +-0, which leaves a sum unchanged. At the audiocoder's 58,500 inputs
 * (39 channels x 1500 frames, time-major) a short clip's extent ends after a fifth of them: the rest is padding.
 * Twins: CpuKernels.traceUpdate, updateLastReset, sharedTraceScale, weightGradPerNeuron + adamUpdate / sgdUpdate,
 * weightGradShared + adamUpdate / sgdUpdate.
 */
#pragma OPENCL FP_CONTRACT OFF

/* NDRange roundup(count, WGS). Offsets (in floats) select the steps of the per-neuron history; in == out is
 * allowed (shared mode). */
__kernel void trace_update(__global const float* traceIn, const int inOffset,
                           __global const float* spikesIn,
                           const int count, const float decay,
                           __global float* traceOut, const int outOffset)
{
    const int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    traceOut[outOffset + i] = decay * traceIn[inOffset + i] + spikesIn[i];
}

/* NDRange roundup(count, WGS). */
__kernel void update_last_reset(__global const float* spikes, const int count, const int t,
                                __global int* lastReset)
{
    const int i = get_global_id(0);
    if (i < count && spikes[i] != 0.0f) {
        lastReset[i] = t;
    }
}

/* NDRange (B * WGS_ROW), local WGS_ROW: one work-group per sample counts the post layer's spikes, then scales. */
__kernel void shared_trace_scale(__global float* trace,          /* B x pre, modified */
                                 __global const float* spikesPost, /* B x post */
                                 const int pre, const int post, const float divisor)
{
    __local int part[WGS_ROW];
    const int b = get_group_id(0);
    const int lid = get_local_id(0);
    int n = 0;
    for (int j = lid; j < post; j += WGS_ROW) {
        n += spikesPost[b * post + j] != 0.0f;
    }
    part[lid] = n;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = WGS_ROW / 2; s > 0; s >>= 1) {
        if (lid < s) {
            part[lid] += part[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const float scale = 1.0f - (float)part[0] / divisor;
    for (int i = lid; i < pre; i += WGS_ROW) {
        trace[b * pre + i] *= scale;
    }
}

/* Which NDRange dimension runs along the weight row (i): 0 on GPUs, so that neighbouring work-items read
 * neighbouring weights; 1 on CPU devices, so that consecutive work-groups (which PoCL runs in order of dimension 0)
 * take consecutive row blocks of the same column block and find its slice of the traces in cache. */
/* Row blocks of JB rows that one work-item does one after the other (RB): its column block's slice of the traces
 * is then read RB times while it is still in cache. */
#ifndef RB
  #define RB 1
#endif
#ifndef GRAD_IDIM
  #define GRAD_IDIM 0
#endif

/* NDRange (ceil(pre / (VB VW)), ceil(post / JB)), swapped where GRAD_IDIM = 1 (KernelSizes.gradRange): one
 * work-item per JB rows x VB*VW consecutive weights
 * (j0 .. j0+JB-1, i0 .. i0+VB*VW-1), JB*VB vector accumulators. The JB rows share each load of xhat[t]; each
 * (b, row) costs its scalar work (delta, reset step, decay power) once per VB vectors; a sample whose JB deltas are
 * all zero is skipped, and so is a row whose delta is zero (its term would add +-0). Per weight the sum over b runs
 * in ascending order, as in the Java twin. powTab[k] = (1 - alpha)^k, k = 0..T, computed on the host by repeated
 * multiplication (CpuKernels.pow). The inner loops have no bounds checks, so that the compiler unrolls them and keeps
 * the JB x VB accumulators in registers: a tile that overhangs the row reads into the next row or the buffer's
 * padding (KernelSizes.padFloats) and its lanes outside the row are never stored. A row whose reset step is 0 adds
 * d now; xhat >= 0, so d now - dr then with dr = 0 would give the same bits, but skipping the load is cheaper.
 * With writeT = 1 the updated weights are also stored into wt, the transposed copy (pre x post) that
 * synaptic_input_t reads. The launch may cover only colBlocks column blocks from colBlock0 (the inputs some sample
 * can spike; adam_catch_up updates the others). */
__kernel void weight_grad_per_neuron_update(__global const float* delta,      /* B x post */
                                            __global const float* traceHist,  /* (T+1) x Bcap x pre */
                                            __global const int* lastReset,    /* B x post */
                                            __global const int* extent,       /* B x 2 live extents */
                                            __constant float* powTab,         /* T+1 */
                                            const int t, const int batch, const int batchStride,
                                            const int post, const int pre, const float invB,
                                            __global float* w, __global float* m, __global float* v,
                                            const float lr, const float beta1, const float beta2, const float eps,
                                            const float weightDecay, const float c1, const float c2,
                                            const int adam, const int first,
                                            __global float* wt, const int writeT,
                                            const int colBlock0, const int colBlocks)
{
    if (get_global_id(GRAD_IDIM) >= colBlocks) {
        return;   /* a work-item of the rounded-up NDRange past the launched column blocks */
    }
    const int i0 = (get_global_id(GRAD_IDIM) + colBlock0) * (VB * VW);
    if (i0 >= pre) {
        return;
    }
    for (int rb = 0; rb < RB; rb++) {
    const int j0 = (get_global_id(1 - GRAD_IDIM) * RB + rb) * JB;
    if (j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    const int nv = min(VB, (pre - i0 + VW - 1) / VW);
    const int stepStride = batchStride * pre;
    __global const float* hist = traceHist + i0;
    floatv g[JB][VB];
    for (int q = 0; q < JB; q++) {
        for (int k = 0; k < VB; k++) {
            g[q][k] = (floatv)(0.0f);
        }
    }
    for (int b = 0; b < batch; b++) {
        if (i0 + VB * VW <= extent[2 * b] || i0 > extent[2 * b + 1]) {
            continue;   /* no input of this tile has spiked yet in sample b: every trace here is 0 */
        }
        float d[JB];
        int any = 0;
        for (int q = 0; q < JB; q++) {
            d[q] = q < rows ? delta[b * post + j0 + q] * invB : 0.0f;
            any |= d[q] != 0.0f;
        }
        if (!any) {
            continue;
        }
        __global const float* nowp = hist + t * stepStride + b * pre;
        #pragma unroll
        for (int q = 0; q < JB; q++) {
            if (d[q] == 0.0f) {
                continue;
            }
            const int r = lastReset[b * post + j0 + q];
            if (r == 0) {
                #pragma unroll
                for (int k = 0; k < VB; k++) {
                    g[q][k] += d[q] * VLOADF(nowp + k * VW);
                }
            } else {
                const float dr = d[q] * powTab[t - r];
                __global const float* thenp = hist + r * stepStride + b * pre;
                #pragma unroll
                for (int k = 0; k < VB; k++) {
                    g[q][k] += d[q] * VLOADF(nowp + k * VW) - dr * VLOADF(thenp + k * VW);
                }
            }
        }
    }
    for (int q = 0; q < rows; q++) {
        for (int k = 0; k < VB; k++) {
            if (k < nv) {
                const int ik = i0 + k * VW;
                const int lanes = min(VW, pre - ik);
                update_lanes(w, m, v, (long)(j0 + q) * pre + ik, lanes, g[q][k], lr, beta1, beta2, eps,
                             weightDecay, c1, c2, adam, first);
                if (writeT) {
                    store_transposed(w, wt, j0 + q, ik, lanes, pre, post);
                }
            }
        }
    }
    }
}

/* NDRange as above, with the authors' shared trace q (B x pre). */
__kernel void weight_grad_shared_update(__global const float* delta,  /* B x post */
                                        __global const float* trace,  /* B x pre */
                                        __global const int* extent,   /* B x 2 live extents */
                                        const int batch, const int post, const int pre, const float invB,
                                        __global float* w, __global float* m, __global float* v,
                                        const float lr, const float beta1, const float beta2, const float eps,
                                        const float weightDecay, const float c1, const float c2,
                                        const int adam, const int first,
                                        __global float* wt, const int writeT,
                                        const int colBlock0, const int colBlocks)
{
    if (get_global_id(GRAD_IDIM) >= colBlocks) {
        return;   /* a work-item of the rounded-up NDRange past the launched column blocks */
    }
    const int i0 = (get_global_id(GRAD_IDIM) + colBlock0) * (VB * VW);
    if (i0 >= pre) {
        return;
    }
    for (int rb = 0; rb < RB; rb++) {
    const int j0 = (get_global_id(1 - GRAD_IDIM) * RB + rb) * JB;
    if (j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    const int nv = min(VB, (pre - i0 + VW - 1) / VW);
    floatv g[JB][VB];
    for (int q = 0; q < JB; q++) {
        for (int k = 0; k < VB; k++) {
            g[q][k] = (floatv)(0.0f);
        }
    }
    for (int b = 0; b < batch; b++) {
        if (i0 + VB * VW <= extent[2 * b] || i0 > extent[2 * b + 1]) {
            continue;   /* no input of this tile has spiked yet in sample b: every trace here is 0 */
        }
        float d[JB];
        int any = 0;
        for (int q = 0; q < JB; q++) {
            d[q] = q < rows ? delta[b * post + j0 + q] * invB : 0.0f;
            any |= d[q] != 0.0f;
        }
        if (!any) {
            continue;
        }
        __global const float* qp = trace + b * pre + i0;
        #pragma unroll
        for (int q = 0; q < JB; q++) {
            if (d[q] != 0.0f) {
                #pragma unroll
                for (int k = 0; k < VB; k++) {
                    g[q][k] += d[q] * VLOADF(qp + k * VW);
                }
            }
        }
    }
    for (int q = 0; q < rows; q++) {
        for (int k = 0; k < VB; k++) {
            if (k < nv) {
                const int ik = i0 + k * VW;
                const int lanes = min(VW, pre - ik);
                update_lanes(w, m, v, (long)(j0 + q) * pre + ik, lanes, g[q][k], lr, beta1, beta2, eps,
                             weightDecay, c1, c2, adam, first);
                if (writeT) {
                    store_transposed(w, wt, j0 + q, ik, lanes, pre, post);
                }
            }
        }
    }
    }
}
