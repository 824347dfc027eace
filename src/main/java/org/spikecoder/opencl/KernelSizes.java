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
 * @param jb     weight rows per work-item of the fused gradient kernels (JB)
 */
public record KernelSizes(int wgs, int wgsRow, int vw, int wgsMat, int jb) {

    /** The sizes for a device: SIMD-wide work-items on CPUs (PoCL turns floatN into AVX), scalar ones on GPUs. */
    public static KernelSizes of(ClDeviceInfo device) {
        int max = (int) Math.min(Integer.MAX_VALUE, device.maxWorkGroup());
        int wgs = Math.min(64, max);
        int row = Math.min(64, Integer.highestOneBit(max));
        KernelSizes s;
        if (device.isCpu()) {
            int vw = device.preferredFloatWidth() >= 16 ? 16 : device.preferredFloatWidth() >= 8 ? 8 : 4;
            s = new KernelSizes(wgs, row, vw, 1, 1);
        } else {
            s = new KernelSizes(wgs, row, 1, wgs, 1);
        }
        // Tuning knobs for benchmarking other geometries: -Dspikecoder.vw=8 -Dspikecoder.wgsMat=1
        int vw = Integer.getInteger("spikecoder.vw", s.vw());
        int mat = Integer.getInteger("spikecoder.wgsMat", vw == s.vw() ? s.wgsMat() : vw == 1 ? wgs : 1);
        int jb = Integer.getInteger("spikecoder.jb", vw == s.vw() ? s.jb() : 1);
        return new KernelSizes(s.wgs(), s.wgsRow(), vw, Math.min(mat, max), jb);
    }

    /** The same sizes with another vector width (tests build both the CPU and the GPU variant). */
    public KernelSizes withVectorWidth(int width) {
        return new KernelSizes(wgs, wgsRow, width, width == 1 ? wgs : wgsMat == wgs ? 1 : wgsMat,
                width == 1 ? 1 : jb);
    }

    public Map<String, String> defines() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("WGS", Integer.toString(wgs));
        d.put("WGS_ROW", Integer.toString(wgsRow));
        d.put("VW", Integer.toString(vw));
        d.put("JB", Integer.toString(jb));
        return d;
    }

    /**
     * Floats of zeroed padding after a buffer that the matrix kernels read VW at a time from rows of
     * {@code rowLength}: a vector load at the end of the last row, or a gather of VW rows beyond the last one
     * (synaptic_input's weights), stays inside the allocation. None when VW = 1.
     */
    public long padFloats(int rowLength) {
        return vw == 1 ? 0 : (long) vw * (rowLength + 1);
    }

    /** Work-items of poisson_encode for B samples of n inputs: VW groups of four inputs each. */
    public long poissonItems(int batch, int n) {
        return (long) batch * ((((n + 3) / 4) + vw - 1) / vw);
    }

    /** Work-items along the row dimension of the fused gradient kernels for n rows. */
    public long rowItems(int n) {
        return (n + jb - 1) / jb;
    }

    /** Work-items along a vectorised dimension of n outputs. */
    public long vectorItems(int n) {
        return (n + vw - 1) / vw;
    }
}
