/*
 * poisson.cl - rate-coded Poisson (Bernoulli) input spikes.
 *
 *   A_in[b, i] = 1  if  uniform24(Philox(seed; counter = (i / 4, step, sampleId[b], stream))[i % 4]) < rate[b, i] * maxRate
 *
 * The counter layout is that of CpuKernels.poissonEncode, so both backends draw identical spikes without sharing
 * generator state; four inputs share one Philox call. One work-item per group of four inputs of one sample.
 * The spikes are also added to the batch's running counts here, and where traceOut >= 0 the first layer's input trace
 * advances, trace[traceOut + k] = decay * trace[traceIn + k] + spike (twin CpuKernels.traceUpdate): separate kernels
 * would each cost a launch.
 * Twin: CpuKernels.poissonEncode.
 */
#pragma OPENCL FP_CONTRACT OFF

/* Input k's spike from its draw, its count, and its trace where traceOut >= 0. */
inline void encode_one(__global const float* rates, const float maxRate, const uint draw, __global float* spikes,
                       __global int* counts, __global float* trace, const int traceIn, const int traceOut,
                       const float traceDecay, const int k)
{
    const int spike = uniform24(draw) < rates[k] * maxRate;
    const float a = spike ? 1.0f : 0.0f;
    spikes[k] = a;
    counts[k] += spike;
    if (traceOut >= 0) {
        trace[traceOut + k] = traceDecay * trace[traceIn + k] + a;
    }
}

/* NDRange roundup(B * ceil(ceil(n / 4) / VW), WGS): one work-item per VW groups of four inputs of one sample,
 * their VW Philox calls run as one vector computation. */
__kernel void poisson_encode(__global const float* rates,    /* B x n, [b * n + i] */
                             __global const int* sampleIds,  /* B */
                             const int batch, const int n, const int step, const int stream,
                             const uint seedLo, const uint seedHi, const float maxRate,
                             __global float* spikes,         /* B x n output, 0 or 1 */
                             __global int* counts,           /* B x n spike counts, modified: += spike */
                             __global float* trace, const int traceIn, const int traceOut, const float traceDecay)
{
    const int groups = (n + 3) >> 2;
    const int items = (groups + VW - 1) / VW;
    const int gid = get_global_id(0);
    if (gid >= batch * items) {
        return;
    }
    const int b = gid / items;
    const int g0 = (gid - b * items) * VW;
#if VW == 1
    /* One scalar generator call, its four draws kept in a uint4 rather than in private arrays (docs/KERNELS.md:
     * Oclgrind). */
    const uint4 r = philox4x32_10((uint4)((uint)g0, (uint)step, (uint)sampleIds[b], (uint)stream),
                                  (uint2)(seedLo, seedHi));
#else
    uint d0[VW], d1[VW], d2[VW], d3[VW];
    uintv c0 = (uintv)((uint)g0) + VLANES;
    uintv c1 = (uintv)((uint)step);
    uintv c2 = (uintv)((uint)sampleIds[b]);
    uintv c3 = (uintv)((uint)stream);
    philox4x32_10_v(&c0, &c1, &c2, &c3, seedLo, seedHi);
    VSTOREF(c0, d0);
    VSTOREF(c1, d1);
    VSTOREF(c2, d2);
    VSTOREF(c3, d3);
#endif
    const int base = b * n;
    const int end = min(n, (g0 + VW) * 4);
#if VW == 1
    for (int i = g0 * 4; i < end; i++) {
        const int q = i & 3;
        uint draw = r.x;
        draw = q == 1 ? r.y : draw;
        draw = q == 2 ? r.z : draw;
        draw = q == 3 ? r.w : draw;
        encode_one(rates, maxRate, draw, spikes, counts, trace, traceIn, traceOut, traceDecay, base + i);
    }
#else
    /* The draws in input order (input 4k + q takes word q of call k), then VW inputs at a time: the same
     * comparison uniform24(draw) < rate * maxRate, lane by lane, without a branch per input. */
    uint u[4 * VW];
    for (int k = 0; k < VW; k++) {
        u[4 * k] = d0[k];
        u[4 * k + 1] = d1[k];
        u[4 * k + 2] = d2[k];
        u[4 * k + 3] = d3[k];
    }
    for (int m = 0; m < 4; m++) {
        const int i = (g0 * 4) + m * VW;
        if (i + VW <= end) {
            const floatv uni = CONVERT_FLOATV(VLOADU(u + m * VW) >> 8) * 0x1.0p-24f;
            const intv spike = uni < VLOADF(rates + base + i) * maxRate;
            const floatv a = select((floatv)(0.0f), (floatv)(1.0f), spike);
            VSTOREF(a, spikes + base + i);
            VSTOREF(VLOADI(counts + base + i) - spike, counts + base + i);   /* spike is -1 where true */
            if (traceOut >= 0) {
                VSTOREF(traceDecay * VLOADF(trace + traceIn + base + i) + a, trace + traceOut + base + i);
            }
        } else {
            for (int e = i; e < end; e++) {
                encode_one(rates, maxRate, u[e - g0 * 4], spikes, counts, trace, traceIn, traceOut, traceDecay,
                           base + e);
            }
        }
    }
#endif
}
