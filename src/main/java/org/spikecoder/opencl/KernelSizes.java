package org.spikecoder.opencl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Launch geometry of the spikecoder kernels on one device, and the {@code #define}s that tell the kernels about it
 * (common.cl holds the defaults).
 *
 * @param wgs    work-group size of the element-wise kernels (WGS)
 * @param wgsRow work-group size of the per-sample reductions, a power of two (WGS_ROW)
 * @param vw     outputs per work-item in the matrix kernels (VW): the float SIMD width on CPU devices, 1 on GPUs
 * @param wgsMat work-group size along the vectorised dimension of the matrix kernels
 */
public record KernelSizes(int wgs, int wgsRow, int vw, int wgsMat) {

    /** The sizes for a device: SIMD-wide work-items on CPUs (PoCL turns floatN into AVX), scalar ones on GPUs. */
    public static KernelSizes of(ClDeviceInfo device) {
        int max = (int) Math.min(Integer.MAX_VALUE, device.maxWorkGroup());
        int wgs = Math.min(64, max);
        int row = Math.min(64, Integer.highestOneBit(max));
        if (device.isCpu()) {
            int vw = device.preferredFloatWidth() >= 16 ? 16 : device.preferredFloatWidth() >= 8 ? 8 : 4;
            return new KernelSizes(wgs, row, vw, Math.min(4, max));
        }
        return new KernelSizes(wgs, row, 1, wgs);
    }

    /** The same sizes with another vector width (tests build both the CPU and the GPU variant). */
    public KernelSizes withVectorWidth(int width) {
        return new KernelSizes(wgs, wgsRow, width, width == 1 ? wgs : wgsMat);
    }

    public Map<String, String> defines() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("WGS", Integer.toString(wgs));
        d.put("WGS_ROW", Integer.toString(wgsRow));
        d.put("VW", Integer.toString(vw));
        return d;
    }

    /** Work-items along a vectorised dimension of n outputs. */
    public long vectorItems(int n) {
        return (n + vw - 1) / vw;
    }
}
