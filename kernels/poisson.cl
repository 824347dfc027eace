/*
 * poisson.cl - rate-coded Poisson (Bernoulli) input spikes.
 *
 *   A_in[b, i] = 1  if  uniform24(Philox(seed; counter = (i / 4, step, sampleId[b], stream))[i % 4]) < rate[b, i] * maxRate
 *
 * The counter layout is that of CpuKernels.poissonEncode, so both backends draw identical spikes without sharing
 * generator state; four inputs share one Philox call. One work-item per group of four inputs of one sample.
 * Twin: CpuKernels.poissonEncode.
 */
#pragma OPENCL FP_CONTRACT OFF

__kernel void poisson_encode(__global const float* rates,    /* B x n, [b * n + i] */
                             __global const int* sampleIds,  /* B */
                             const int batch, const int n, const int step, const int stream,
                             const uint seedLo, const uint seedHi, const float maxRate,
                             __global float* spikes)         /* B x n output, 0 or 1 */
{
    const int groups = (n + 3) >> 2;
    const int gid = get_global_id(0);
    if (gid >= batch * groups) {
        return;
    }
    const int b = gid / groups;
    const int i = (gid - b * groups) << 2;
    const uint4 r = philox4x32_10((uint4)((uint)(i >> 2), (uint)step, (uint)sampleIds[b], (uint)stream),
                                  (uint2)(seedLo, seedHi));
    const uint draws[4] = {r.x, r.y, r.z, r.w};
    const int base = b * n + i;
    for (int k = 0; k < 4 && i + k < n; k++) {
        const float p = rates[base + k] * maxRate;
        spikes[base + k] = uniform24(draws[k]) < p ? 1.0f : 0.0f;
    }
}
