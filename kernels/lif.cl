/*
 * lif.cl - the leaky integrate-and-fire layer (eq. 1-2).
 *
 *   synaptic_input:  Z[b, j] = sum over i with A_in[b, i] != 0 of W[j, i]     (Z = W A_in for binary spikes)
 *   lif_update:      V' = (1 - alpha) V + Z, optionally V' = min(V', Vth) (authors' code),
 *                    A = (V' >= Vth), Vpre = V', V = A ? 0 : V'
 *
 * W is row-major [post][pre]; activities are sample-major [b * n + i]. The sum in synaptic_input runs over
 * ascending i, as in the Java twin, so Z and hence the spikes are bit-identical.
 * Twins: CpuKernels.synapticInput, CpuKernels.lifUpdate.
 */
#pragma OPENCL FP_CONTRACT OFF

/* NDRange (roundup(ceil(post / VW), WGS), B): one work-item per VW consecutive post neurons of sample b. Input
 * spikes are a few percent to ~30% dense, so silent inputs are skipped (a branch uniform across the work-item's
 * lanes); each active input adds a column slice of W, gathered with stride pre (the last work-item's extra lanes
 * read the weights' padding and are not stored). */
__kernel void synaptic_input(__global const float* w,         /* post x pre */
                             const int post, const int pre,
                             __global const float* spikesIn,  /* B x pre */
                             __global float* z)               /* B x post output */
{
    const int j0 = get_global_id(0) * VW;
    const int b = get_global_id(1);
    if (j0 >= post) {
        return;
    }
    __global const float* s = spikesIn + b * pre;
    __global const float* col = w + (long)j0 * pre;
    floatv sum = (floatv)(0.0f);
    for (int i = 0; i < pre; i++) {
        if (s[i] != 0.0f) {
            sum += VGATHER(col + i, pre);
        }
    }
    if (j0 + VW <= post) {
        VSTOREF(sum, z + b * post + j0);
    } else {
        float lane[VW];
        VSTOREF(sum, lane);
        for (int k = 0; k < post - j0; k++) {
            z[b * post + j0 + k] = lane[k];
        }
    }
}

/* The same sum from the transposed weights WT (pre x post, row-major, padded), which the fused update kernels keep
 * equal to W: each active input i adds the contiguous slice WT[i][j0 .. j0 + SB*VW) as SB vector loads.
 * NDRange (ceil(post / (SB VW)), B): one work-item per SB*VW consecutive post neurons of sample b (on CPUs usually
 * one or a few work-items per sample, so the input spikes are scanned once per work-item, not once per VW
 * neurons). Per (b, j) the sum still runs over ascending i, so Z is bit-identical to synaptic_input. The inner loop
 * has no bounds check, so that it unrolls and the SB sums stay in registers: a slice that overhangs the row reads
 * into the next row or the padding (KernelSizes.padFloats), and only lanes inside the row are stored. */
__kernel void synaptic_input_t(__global const float* wt,        /* pre x post, padded */
                               const int post, const int pre,
                               __global const float* spikesIn,  /* B x pre */
                               __global float* z)               /* B x post output */
{
    const int j0 = get_global_id(0) * (SB * VW);
    const int b = get_global_id(1);
    if (j0 >= post) {
        return;
    }
    const int nv = min(SB, (post - j0 + VW - 1) / VW);
    __global const float* s = spikesIn + b * pre;
    floatv sum[SB];
    for (int k = 0; k < SB; k++) {
        sum[k] = (floatv)(0.0f);
    }
    for (int i = 0; i < pre; i++) {
        if (s[i] != 0.0f) {
            __global const float* row = wt + (long)i * post + j0;
            #pragma unroll
            for (int k = 0; k < SB; k++) {
                sum[k] += VLOADF(row + k * VW);   /* no bounds check: see the comment above */
            }
        }
    }
    for (int k = 0; k < SB; k++) {
        const int jk = j0 + k * VW;
        if (k < nv) {
            if (jk + VW <= post) {
                VSTOREF(sum[k], z + b * post + jk);
            } else {
                float lane[VW];
                VSTOREF(sum[k], lane);
                for (int q = 0; q < post - jk; q++) {
                    z[b * post + jk + q] = lane[q];
                }
            }
        }
    }
}

/* NDRange roundup(count, WGS): one work-item per neuron of the batch. */
__kernel void lif_update(__global float* v,           /* membrane potentials, modified */
                         __global const float* z,
                         const int count, const float decay, const float threshold, const int clamp,
                         __global float* vPre,        /* V before reset, output */
                         __global float* spikes)      /* 0 or 1, output */
{
    const int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float nv = decay * v[i] + z[i];
    if (clamp && nv > threshold) {
        nv = threshold;
    }
    vPre[i] = nv;
    const int spike = nv >= threshold;
    spikes[i] = spike ? 1.0f : 0.0f;
    v[i] = spike ? 0.0f : nv;
}
