/*
 * reduce.cl - what is read back: spike counts per neuron and the recorded spike raster.
 *
 *   spike_count:    counts[k] += (A[k] != 0)                       Twin: CpuKernels.spikeCount
 *   record_raster:  raster[(b * T + t - 1) * n + i] = A[b, i]      Twin: CpuBackend's raster recording
 *
 * The loss is reduced per sample inside masked_error (loss.cl); the host sums the B partial sums once per read.
 */
#pragma OPENCL FP_CONTRACT OFF

/* NDRange roundup(count, WGS). */
__kernel void spike_count(__global const float* spikes, const int count, __global int* counts)
{
    const int i = get_global_id(0);
    if (i < count && spikes[i] != 0.0f) {
        counts[i] += 1;
    }
}

/* NDRange roundup(batch * n, WGS). */
__kernel void record_raster(__global const float* spikes, const int batch, const int n, const int steps,
                            const int t, __global uchar* raster)
{
    const int k = get_global_id(0);
    if (k >= batch * n) {
        return;
    }
    const int b = k / n;
    const int i = k - b * n;
    raster[(b * steps + (t - 1)) * n + i] = spikes[k] != 0.0f ? 1 : 0;
}
