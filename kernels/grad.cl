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

/* NDRange (roundup(ceil(pre / VW), WGS_MAT), ceil(post / JB)): one work-item per JB rows x VW consecutive weights
 * (j0 .. j0+JB-1, i0 .. i0+VW-1). The JB rows share each load of xhat[t] and give JB independent sums (no latency
 * chain); a sample whose JB deltas are all zero is skipped. powTab[k] = (1 - alpha)^k, k = 0..T, computed on the
 * host by repeated multiplication (CpuKernels.pow). The last work-item of a row reads into the trace's padding and
 * updates only its lanes inside the row. */
__kernel void weight_grad_per_neuron_update(__global const float* delta,      /* B x post */
                                            __global const float* traceHist,  /* (T+1) x Bcap x pre */
                                            __global const int* lastReset,    /* B x post */
                                            __constant float* powTab,         /* T+1 */
                                            const int t, const int batch, const int batchStride,
                                            const int post, const int pre, const float invB,
                                            __global float* w, __global float* m, __global float* v,
                                            const float lr, const float beta1, const float beta2, const float eps,
                                            const float weightDecay, const float c1, const float c2,
                                            const int adam, const int first)
{
    const int i0 = get_global_id(0) * VW;
    const int j0 = get_global_id(1) * JB;
    if (i0 >= pre || j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    const int stepStride = batchStride * pre;
    __global const float* hist = traceHist + i0;
    floatv g[JB];
    for (int q = 0; q < JB; q++) {
        g[q] = (floatv)(0.0f);
    }
    for (int b = 0; b < batch; b++) {
        float d[JB];
        int any = 0;
        for (int q = 0; q < JB; q++) {
            d[q] = q < rows ? delta[b * post + j0 + q] * invB : 0.0f;
            any |= d[q] != 0.0f;
        }
        if (!any) {
            continue;
        }
        const floatv now = VLOADF(hist + t * stepStride + b * pre);
        for (int q = 0; q < JB; q++) {
            if (d[q] == 0.0f) {
                continue;
            }
            const int r = lastReset[b * post + j0 + q];
            if (r == 0) {
                g[q] += d[q] * now;
            } else {
                const float dr = d[q] * powTab[t - r];
                g[q] += d[q] * now - dr * VLOADF(hist + r * stepStride + b * pre);
            }
        }
    }
    for (int q = 0; q < rows; q++) {
        update_lanes(w, m, v, (long)(j0 + q) * pre + i0, min(VW, pre - i0), g[q], lr, beta1, beta2, eps,
                     weightDecay, c1, c2, adam, first);
    }
}

/* NDRange (roundup(ceil(pre / VW), WGS_MAT), ceil(post / JB)): as above with the authors' shared trace q
 * (B x pre). */
__kernel void weight_grad_shared_update(__global const float* delta,  /* B x post */
                                        __global const float* trace,  /* B x pre */
                                        const int batch, const int post, const int pre, const float invB,
                                        __global float* w, __global float* m, __global float* v,
                                        const float lr, const float beta1, const float beta2, const float eps,
                                        const float weightDecay, const float c1, const float c2,
                                        const int adam, const int first)
{
    const int i0 = get_global_id(0) * VW;
    const int j0 = get_global_id(1) * JB;
    if (i0 >= pre || j0 >= post) {
        return;
    }
    const int rows = min(JB, post - j0);
    floatv g[JB];
    for (int q = 0; q < JB; q++) {
        g[q] = (floatv)(0.0f);
    }
    for (int b = 0; b < batch; b++) {
        float d[JB];
        int any = 0;
        for (int q = 0; q < JB; q++) {
            d[q] = q < rows ? delta[b * post + j0 + q] * invB : 0.0f;
            any |= d[q] != 0.0f;
        }
        if (!any) {
            continue;
        }
        const floatv qv = VLOADF(trace + b * pre + i0);
        for (int q = 0; q < JB; q++) {
            if (d[q] != 0.0f) {
                g[q] += d[q] * qv;
            }
        }
    }
    for (int q = 0; q < rows; q++) {
        update_lanes(w, m, v, (long)(j0 + q) * pre + i0, min(VW, pre - i0), g[q], lr, beta1, beta2, eps,
                     weightDecay, c1, c2, adam, first);
    }
}
