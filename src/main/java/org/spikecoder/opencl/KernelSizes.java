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
 * @param vb     floatVW vectors per weight row and work-item of the fused gradient kernels (VB)
 * @param sb     floatVW vectors per work-item of the per-sample row kernels synaptic_input_t and surrogate_delta (SB)
 */
public record KernelSizes(int wgs, int wgsRow, int vw, int wgsMat, int jb, int vb, int sb, int rb) {

    /**
     * Launches a fused gradient kernel over post rows of pre weights: (ceil(pre / (VB VW)), ceil(post / JB))
     * work-items with work-groups of wgsMat along the row on GPUs; on CPU devices (VW > 1) the two dimensions are
     * swapped (GRAD_IDIM = 1) and work-groups are single work-items, so consecutive work-groups share a column block.
     */
    public void launchGrad(ClKernel k, int pre, int post) {
        launchGrad(k, post, 0, gradItems(pre));
    }

    /** As {@link #launchGrad(ClKernel, int, int)} over the column blocks {@code from..to-1} only (colBlock0 = from). */
    public void launchGrad(ClKernel k, int post, long from, long to) {
        long blocks = Math.max(0, to - from);
        if (blocks == 0) {
            return;
        }
        if (gradIdim() == 1) {
            k.launch(rowItems(post), blocks, 1);
        } else {
            k.launch(blocks, rowItems(post), wgsMat);
        }
    }

    /** Vectors per work-item of adam_catch_up (CU in optim.cl). */
    static final int CATCH_UP_VECTORS = 4;

    /** Work-items of adam_catch_up along a row range of n weights. */
    public long catchUpItems(int n) {
        return (n + (long) vw * CATCH_UP_VECTORS - 1) / ((long) vw * CATCH_UP_VECTORS);
    }

    /** Weights per column block of the fused gradient kernels (VB x VW). */
    public int gradBlock() {
        return vb * vw;
    }

    /** The NDRange dimension of the fused gradient kernels along the weight row (see launchGrad). */
    public int gradIdim() {
        return vw > 1 ? 1 : 0;
    }

    /** One vector per work-item and row (VB = SB = 1). */
    public KernelSizes(int wgs, int wgsRow, int vw, int wgsMat, int jb) {
        this(wgs, wgsRow, vw, wgsMat, jb, 1, 1, 1);
    }

    /** No row blocks run in sequence (RB = 1). */
    public KernelSizes(int wgs, int wgsRow, int vw, int wgsMat, int jb, int vb, int sb) {
        this(wgs, wgsRow, vw, wgsMat, jb, vb, sb, 1);
    }

    /** The sizes for a device: SIMD-wide work-items on CPUs (PoCL turns floatN into AVX), scalar ones on GPUs. */
    public static KernelSizes of(ClDeviceInfo device) {
        int max = (int) Math.min(Integer.MAX_VALUE, device.maxWorkGroup());
        int wgs = Math.min(64, max);
        int rowWgs = Math.min(64, Integer.highestOneBit(max));
        KernelSizes s;
        if (device.isCpu()) {
            int vw = device.preferredFloatWidth() >= 16 ? 16 : device.preferredFloatWidth() >= 8 ? 8 : 4;
            // Work-group size 1 (PoCL runs each work-group as one call); each work-item does a register block of
            // JB x VB vectors of weights, or SB vectors of one sample's row, so that scalar and launch work is
            // amortised over many SIMD operations (measured in docs/RESULTS.md).
            // Per-sample reductions run as one work-item per sample: PoCL's work-group barriers cost more than the
            // sequential sum they would split (masked_error about 30% faster, docs/RESULTS.md).
            s = new KernelSizes(wgs, 1, vw, 1, CPU_JB, CPU_VB, CPU_SB, CPU_RB);
        } else {
            s = new KernelSizes(wgs, rowWgs, 1, wgs, 1, 1, 1, 1);
        }
        // Tuning knobs for benchmarking other geometries: -Dspikecoder.vw=8 -Dspikecoder.wgsMat=1
        // -Dspikecoder.jb=4 -Dspikecoder.vb=4 -Dspikecoder.sb=16 -Dspikecoder.wgsRow=1
        int vw = Integer.getInteger("spikecoder.vw", s.vw());
        boolean same = vw == s.vw();
        int mat = Integer.getInteger("spikecoder.wgsMat", same ? s.wgsMat() : vw == 1 ? wgs : 1);
        int jb = Integer.getInteger("spikecoder.jb", same ? s.jb() : 1);
        int vb = Integer.getInteger("spikecoder.vb", same ? s.vb() : 1);
        int sb = Integer.getInteger("spikecoder.sb", same ? s.sb() : 1);
        int rb = Integer.getInteger("spikecoder.rb", same ? s.rb() : 1);
        int row = Integer.getInteger("spikecoder.wgsRow", s.wgsRow());
        if (row < 1 || Integer.bitCount(row) != 1) {
            throw new IllegalArgumentException("-Dspikecoder.wgsRow must be a power of two, not " + row);
        }
        return new KernelSizes(s.wgs(), Math.min(row, Integer.highestOneBit(max)), vw, Math.min(mat, max), jb, vb, sb,
                rb);
    }

    /** Default register blocks on CPU devices. */
    static final int CPU_JB = 2;
    static final int CPU_VB = 13;
    static final int CPU_SB = 13;
    static final int CPU_RB = 1;

    /**
     * Inputs per chunk of the event lists (active_inputs): synaptic_input keeps VW weight-row slices of CHUNK
     * floats in L1 (16 KiB at VW = 8) while every sample of the batch gathers its events from them.
     */
    public static final int CHUNK = 512;

    /** Chunks of {@link #CHUNK} inputs covering a layer of {@code pre} inputs. */
    public static int chunks(int pre) {
        return org.spikecoder.cpu.CpuKernels.chunks(pre, CHUNK);
    }

    /**
     * The sizes for training {@code net}: on CPU devices a layer of at least {@link #BIG_LAYER_WEIGHTS} weights (the
     * audiocoder's 58,500 x 2048) makes each gradient work-item take {@link #BIG_LAYER_RB} row blocks of one column
     * block in sequence, so that the block's slice of the trace history is read from L2 that many times (about 1.4x
     * faster at that shape, docs/RESULTS.md); small networks keep one, which spreads their few tiles over the cores.
     */
    public KernelSizes forNetwork(org.spikecoder.model.NetworkSpec net) {
        long biggest = 0;
        for (int l = 1; l <= net.layers(); l++) {
            biggest = Math.max(biggest, net.weightCount(l));
        }
        if (vw == 1 || rb != 1 || biggest < BIG_LAYER_WEIGHTS) {
            return this;
        }
        return new KernelSizes(wgs, wgsRow, vw, wgsMat, jb, vb, sb, BIG_LAYER_RB);
    }

    /** Weights of a layer from which CPU devices block the gradient by rows (see {@link #forNetwork}). */
    static final long BIG_LAYER_WEIGHTS = 16L << 20;
    static final int BIG_LAYER_RB = 16;

    /**
     * The same sizes with another vector width (tests build both the CPU and the GPU variant); width 1 also takes
     * the GPU shape of the per-sample reductions, a work-group of WGS work-items.
     */
    public KernelSizes withVectorWidth(int width) {
        return new KernelSizes(wgs, width == 1 ? Integer.highestOneBit(wgs) : wgsRow, width, width == 1 ? wgs : wgsMat == wgs ? 1 : wgsMat,
                width == 1 ? 1 : jb, width == 1 ? 1 : vb, width == 1 ? 1 : sb, width == 1 ? 1 : rb);
    }

    public Map<String, String> defines() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("WGS", Integer.toString(wgs));
        d.put("WGS_ROW", Integer.toString(wgsRow));
        d.put("VW", Integer.toString(vw));
        d.put("JB", Integer.toString(jb));
        d.put("VB", Integer.toString(vb));
        d.put("SB", Integer.toString(sb));
        d.put("RB", Integer.toString(rb));
        d.put("GRAD_IDIM", Integer.toString(gradIdim()));
        d.put("CHUNK", Integer.toString(CHUNK));
        d.put("CU", Integer.toString(CATCH_UP_VECTORS));
        return d;
    }

    /**
     * Floats of zeroed padding after a buffer that the matrix kernels read VW at a time from rows of
     * {@code rowLength}: a vector load at the end of the last row, a gather of VW rows beyond the last one
     * (synaptic_input's weights), or a register tile of up to max(VB, SB) vectors that overhangs the last row (the
     * tiled kernels' inner loops carry no bounds checks) stays inside the allocation. None when VW = 1.
     */
    public long padFloats(int rowLength) {
        return vw == 1 ? 0 : (long) vw * (rowLength + 1 + Math.max(vb, sb));
    }

    /** Work-items of poisson_encode for B samples of n inputs: VW groups of four inputs each. */
    public long poissonItems(int batch, int n) {
        return (long) batch * ((((n + 3) / 4) + vw - 1) / vw);
    }

    /** Work-items along the row dimension of the fused gradient kernels for n rows. */
    public long rowItems(int n) {
        long blocks = (n + jb - 1) / jb;
        return (blocks + rb - 1) / rb;
    }

    /** Work-items along the weight-row dimension of the fused gradient kernels for rows of n weights. */
    public long gradItems(int n) {
        return (n + (long) vw * vb - 1) / ((long) vw * vb);
    }

    /** Work-items per sample of synaptic_input_t and surrogate_delta for rows of n outputs. */
    public long sampleRowItems(int n) {
        return (n + (long) vw * sb - 1) / ((long) vw * sb);
    }

    /** Work-items along a vectorised dimension of n outputs. */
    public long vectorItems(int n) {
        return (n + vw - 1) / vw;
    }
}
