/*
 * reduce.cl - what is read back: the recorded spike raster (spike counts are kept by poisson_encode and
 * lif_update as they make the spikes).
 *
 *   record_raster:  raster[(b * T + t - 1) * n + i] = A[b, i]      Twin: CpuKernels.recordRaster
 *
 * The loss is reduced per sample inside masked_error (loss.cl); the host sums the B partial sums once per read.
 */
#pragma OPENCL FP_CONTRACT OFF

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
