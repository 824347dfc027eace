/*
 * loss.cl - the membrane-potential loss of the output layer and the hidden-layer delta.
 *
 *   masked_error (eq. 5-8):   M = target XOR A_out (or 1 without the mask),
 *                             E = M (Vth * target - Vpre_out),  delta_out = dL/dV = -E,  L_b += sum_i 0.5 E^2
 *   surrogate_delta (eq. 13-15):  delta[b, i] = (sum_j W_next[j, i] delta_next[b, j]) * sigmoid'(Vpre[b, i] - Vth)
 *
 * Twins: CpuKernels.maskedError, CpuKernels.surrogateDelta.
 */
#pragma OPENCL FP_CONTRACT OFF

/* One output neuron: its delta -E stored at *d, its loss term 0.5 E^2 returned (tg its target, so its spike). */
inline acc_t masked_one(const float tg, const float so, const float vp, const float threshold, const int mask,
                        __global float* d)
{
    const int on = !mask || ((tg != 0.0f) != (so != 0.0f));
    const float e = on ? threshold * tg - vp : 0.0f;
    *d = -e;
    return (acc_t)0.5 * (acc_t)e * (acc_t)e;
}

/* NDRange (B * WGS_ROW) with local size WGS_ROW: one work-group per sample, so the sample's loss is reduced in
 * local memory and added to lossAcc[b] without atomics. The target of sample b at this step is
 * target[b * targetStride + targetOffset + i] (the input spikes for the autoencoder; the cyclic hidden-spike
 * target for the audiocoder). */
__kernel void masked_error(__global const float* target, const int targetStride, const int targetOffset,
                           __global const float* spikesOut,   /* B x n */
                           __global const float* vPre,        /* B x n */
                           const int n, const float threshold, const int mask,
                           __global float* delta,             /* B x n output */
                           __global acc_t* lossAcc)           /* B, running sum over the steps, modified */
{
#if VW > 1 && WGS_ROW == 1
    /* The CPU shape: one work-item per sample, VW neurons at a time without a branch, the loss in VW partial sums
     * (each term as the twin's; only the order of the sum differs, within the loss's tolerance), then the tail. */
    const int b = get_global_id(0);
    __global const float* tg = target + b * targetStride + targetOffset;
    __global const float* so = spikesOut + b * n;
    __global const float* vp = vPre + b * n;
    __global float* dl = delta + b * n;
    accv part = (accv)(0);
    int i = 0;
    for (; i + VW <= n; i += VW) {
        const floatv t = VLOADF(tg + i);
        const intv on = mask ? (t != 0.0f) ^ (VLOADF(so + i) != 0.0f) : (intv)(-1);
        const floatv e = select((floatv)(0.0f), threshold * t - VLOADF(vp + i), on);
        VSTOREF(-e, dl + i);
        const accv ea = CONVERT_ACCV(e);
        part += (acc_t)0.5 * ea * ea;
    }
    acc_t lanes[VW];
    VSTOREF(part, lanes);
    acc_t sum = 0;
    for (int q = 0; q < VW; q++) {
        sum += lanes[q];
    }
    for (; i < n; i++) {
        sum += masked_one(tg[i], so[i], vp[i], threshold, mask, dl + i);
    }
    lossAcc[b] += sum;
#else
    __local acc_t part[WGS_ROW];
    const int b = get_group_id(0);
    const int lid = get_local_id(0);
    acc_t sum = 0;
    for (int i = lid; i < n; i += WGS_ROW) {
        const int k = b * n + i;
        sum += masked_one(target[b * targetStride + targetOffset + i], spikesOut[k], vPre[k], threshold, mask,
                          delta + k);
    }
    part[lid] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = WGS_ROW / 2; s > 0; s >>= 1) {
        if (lid < s) {
            part[lid] += part[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        lossAcc[b] += part[0];
    }
#endif
}

#if VW == 1
/*
 * The GPU shape (VW = 1) of surrogate_delta: a work-group of WGS_MAT work-items takes WGS_MAT * SB hidden neurons of
 * one sample b (neuron i0 + lx + k WGS_MAT, k < SB, so that each row of W_next is read with coalesced loads). It
 * stages the sample's output deltas WGS_MAT at a time in local memory (one coalesced load instead of a load of the
 * same address by every work-item), then adds, for each non-zero delta in ascending j, the row's weights times the
 * delta: per (b, i) the twin's sum in the twin's order, zero deltas skipped (a branch the whole work-group takes
 * alike). One sample per work-group, because the NDRange is what gives the kernel the batch size (dimension 1 = B);
 * W_next is small (196 x 2048 floats for the audiocoder) and stays in cache across the samples.
 * NDRange (roundup(ceil(pre / SB), WGS_MAT), B), work-groups WGS_MAT x 1 (KernelSizes.launchSurrogate).
 */
#ifndef WGS_MAT
  #define WGS_MAT 64
#endif

__kernel __attribute__((reqd_work_group_size(WGS_MAT, 1, 1)))
void surrogate_delta(__global const float* wNext,     /* postNext x pre */
                     const int postNext, const int pre,
                     __global const float* deltaNext, /* B x postNext */
                     __global const float* vPre,      /* B x pre */
                     const float threshold,
                     __global float* delta)           /* B x pre output */
{
    __local float sd[WGS_MAT];
    const int lx = get_local_id(0);
    const int b = get_global_id(1);
    const int g0 = get_group_id(0) * (WGS_MAT * SB);
    if (g0 >= pre) {
        return;   /* the whole work-group lies past the last neuron */
    }
    __global const float* dn = deltaNext + b * postNext;
    float acc[SB];
    for (int k = 0; k < SB; k++) {
        acc[k] = 0.0f;
    }
    for (int j0 = 0; j0 < postNext; j0 += WGS_MAT) {
        const int n = min(WGS_MAT, postNext - j0);
        if (lx < n) {
            sd[lx] = dn[j0 + lx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int jj = 0; jj < n; jj++) {
            const float d = sd[jj];
            if (d != 0.0f) {
                __global const float* row = wNext + (long)(j0 + jj) * pre;
                #pragma unroll
                for (int k = 0; k < SB; k++) {
                    const int i = g0 + lx + k * WGS_MAT;
                    if (i < pre) {
                        acc[k] += row[i] * d;
                    }
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (int k = 0; k < SB; k++) {
        const int i = g0 + lx + k * WGS_MAT;
        if (i < pre) {
            const int o = b * pre + i;
            delta[o] = acc[k] * sigmoid_grad(vPre[o], threshold);
        }
    }
}

#else   /* VW > 1: the CPU shape */

/* NDRange (ceil(pre / (SB VW)), B): one work-item per SB*VW consecutive hidden neurons of sample b, so the output
 * deltas are scanned once per SB vectors. The sum runs over ascending j and skips zero output deltas (about 85%
 * with the mask), exactly as the Java twin; each nonzero delta costs SB contiguous vector loads of a row of W_next
 * (the loop has no bounds check, so that it unrolls and the SB sums stay in registers: vectors past the row's end
 * read into the next row or the padding, KernelSizes.padFloats, and only lanes inside the row are stored). */
__kernel void surrogate_delta(__global const float* wNext,     /* postNext x pre */
                              const int postNext, const int pre,
                              __global const float* deltaNext, /* B x postNext */
                              __global const float* vPre,      /* B x pre */
                              const float threshold,
                              __global float* delta)           /* B x pre output */
{
    const int i0 = get_global_id(0) * (SB * VW);
    const int b = get_global_id(1);
    if (i0 >= pre) {
        return;
    }
    const int nv = min(SB, (pre - i0 + VW - 1) / VW);
    __global const float* dn = deltaNext + b * postNext;
    floatv acc[SB];
    for (int k = 0; k < SB; k++) {
        acc[k] = (floatv)(0.0f);
    }
    /* The non-zero deltas of 64 outputs at a time are listed first without a branch (which one is non-zero is a
     * coin toss the branch predictor loses), then added in ascending j. */
    int nz[64];
    for (int j0 = 0; j0 < postNext; j0 += 64) {
        const int j1 = min(postNext, j0 + 64);
        int n = 0;
        for (int j = j0; j < j1; j++) {
            nz[n] = j;
            n += dn[j] != 0.0f;
        }
        for (int e = 0; e < n; e++) {
            const int j = nz[e];
            const float d = dn[j];
            __global const float* row = wNext + (long)j * pre + i0;
            #pragma unroll
            for (int k = 0; k < SB; k++) {
                acc[k] += VLOADF(row + k * VW) * d;   /* no bounds check: see the comment above */
            }
        }
    }
    for (int k = 0; k < SB; k++) {
        if (k < nv) {
            float back[VW];
            VSTOREF(acc[k], back);
            const int ik = i0 + k * VW;
            const int lanes = min(VW, pre - ik);
            for (int q = 0; q < lanes; q++) {
                const int o = b * pre + ik + q;
                delta[o] = back[q] * sigmoid_grad(vPre[o], threshold);
            }
        }
    }
}

#endif   /* VW */
