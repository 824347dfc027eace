package org.spikecoder.opencl;

import java.util.LinkedHashMap;
import java.util.Map;

import org.spikecoder.SpikecoderException;

/**
 * Launch geometry of the spikecoder kernels on one device, and the {@code #define}s that tell the kernels about it
 * (common.cl holds the defaults). Two shapes: the CPU shape (VW > 1: SIMD-wide work-items, work-groups of one, register
 * blocks of JB x VB vectors) and the GPU shape (VW = 1: the hot kernels run as work-group tiles staged in local memory,
 * {@link Tiles}; docs/KERNELS.md, "The GPU shape").
 *
 * @param wgs    work-group size of the element-wise kernels (WGS)
 * @param wgsRow work-group size of the per-sample reductions, a power of two (WGS_ROW)
 * @param vw     outputs per work-item in the matrix kernels (VW): the float SIMD width on CPU devices, 1 on GPUs
 * @param wgsMat work-group size along the vectorised dimension of the matrix kernels (GPU shape: of surrogate_delta and
 *               synaptic_input_t, WGS_MAT)
 * @param jb     weight rows per work-item of the fused gradient kernels (JB)
 * @param vb     floatVW vectors per weight row and work-item of the fused gradient kernels (VB)
 * @param sb     floatVW vectors per work-item of the per-sample row kernels synaptic_input_t and surrogate_delta (SB)
 * @param rb     row blocks one gradient work-item (GPU shape: work-group) does in sequence (RB)
 * @param tiles  the work-group tiles of the GPU shape (unused, and not defined to the kernels, where VW > 1)
 */
public record KernelSizes(int wgs, int wgsRow, int vw, int wgsMat, int jb, int vb, int sb, int rb, Tiles tiles) {

    /**
     * The work-group tiles of the GPU shape (VW = 1), from the device's limits ({@link #forDevice}).
     *
     * @param gradCols    work-items along the weight row of a gradient work-group (GT_I); each takes VB weights, strided
     *                    by gradCols so that neighbouring work-items touch neighbouring addresses
     * @param gradRows    work-items across the rows of a gradient work-group, JB rows each (GT_J)
     * @param gradSamples samples staged per round in a gradient work-group (GT_B, at most what fits localBudget: see
     *                    {@link KernelSizes#gradSamples()})
     * @param synRows     post neurons (weight rows) per synaptic_input work-group (ST_J)
     * @param synLanes    samples a synaptic_input work-group runs side by side, one per row of work-items (ST_B)
     * @param synSamples  samples per synaptic_input work-item, their sums and event cursors in registers (ST_S)
     * @param synCols     weight columns per tile that synaptic_input stages, a power of two dividing {@link #CHUNK}
     *                    (ST_C)
     * @param localBudget bytes of local memory a work-group of the gradient kernels may stage
     */
    public record Tiles(int gradCols, int gradRows, int gradSamples, int synRows, int synLanes, int synSamples,
                        int synCols, long localBudget) {

        /** Tiles that fit any GPU: work-groups of 256, 16 KiB of local memory. */
        public static final Tiles DEFAULT = new Tiles(64, 4, 32, 32, 8, 8, 64, 16 << 10);

        /**
         * The tiles for a device: work-groups within CL_DEVICE_MAX_WORK_GROUP_SIZE and CL_DEVICE_MAX_WORK_ITEM_SIZES,
         * staging at most half of CL_DEVICE_LOCAL_MEM_SIZE (and at most {@link #LOCAL_BUDGET_CAP}), so that two
         * work-groups can share a compute unit's local memory; the overrides of {@code tuning} where given, checked
         * against the same limits.
         *
         * @throws SpikecoderException naming the override and the device limit it exceeds
         */
        public static Tiles forDevice(ClDeviceInfo d, DeviceTuning tuning) {
            long maxWg = d.maxWorkGroup();
            long item0 = d.maxWorkItemSize(0);
            long item1 = d.maxWorkItemSize(1);
            long budget = Math.max(1024, Math.min(d.localMemory() / 2, LOCAL_BUDGET_CAP));
            int gradCols = DeviceTuning.or(tuning.gradCols(), floorPow2(Math.min(64, Math.min(item0, maxWg))));
            int gradRows = DeviceTuning.or(tuning.gradRows(),
                    (int) Math.max(1, Math.min(4, Math.min(item1, maxWg / gradCols))));
            int gradSamples = DeviceTuning.or(tuning.gradSamples(), 32);
            int synRows = DeviceTuning.or(tuning.synRows(), floorPow2(Math.min(32, Math.min(item0, maxWg))));
            int synLanes = DeviceTuning.or(tuning.synLanes(),
                    (int) Math.max(1, Math.min(8, Math.min(item1, maxWg / synRows))));
            int synSamples = DeviceTuning.or(tuning.synSamples(), 8);
            int synCols = tuning.synCols() != null ? tuning.synCols() : 128;
            while (tuning.synCols() == null && synCols > 1 && synLocalBytes(synRows, synLanes, synCols) > budget) {
                synCols /= 2;
            }
            check(d, "gradCols x gradRows", gradCols, gradRows);
            check(d, "synRows x synLanes", synRows, synLanes);
            if (synLocalBytes(synRows, synLanes, synCols) > d.localMemory()) {
                throw new SpikecoderException("--tune synRows " + synRows + " x synCols " + synCols + " stages "
                        + synLocalBytes(synRows, synLanes, synCols) + " bytes of local memory but " + d.name()
                        + " has " + d.localMemory() + " (CL_DEVICE_LOCAL_MEM_SIZE)");
            }
            return new Tiles(gradCols, gradRows, gradSamples, synRows, synLanes, synSamples, synCols, budget);
        }

        private static void check(ClDeviceInfo d, String what, long x, long y) {
            if (x * y > d.maxWorkGroup() || x > d.maxWorkItemSize(0) || y > d.maxWorkItemSize(1)) {
                throw new SpikecoderException("--tune " + what + " = " + x + " x " + y + " work-items exceed what "
                        + d.name() + " allows: " + d.maxWorkGroup() + " per work-group (CL_DEVICE_MAX_WORK_GROUP_SIZE), "
                        + d.maxWorkItemSize(0) + " x " + d.maxWorkItemSize(1) + " (CL_DEVICE_MAX_WORK_ITEM_SIZES)");
            }
        }

        private static int floorPow2(long n) {
            return Integer.highestOneBit((int) Math.max(1, Math.min(n, 1 << 30)));
        }
    }

    /** Most local memory the tiles stage per work-group: more buys little and costs occupancy. */
    static final long LOCAL_BUDGET_CAP = 24 << 10;

    /** Bytes of local memory that synaptic_input's GPU shape stages: the weight tile (rows padded by one float
     *  against bank conflicts) and two rows of per-lane flags. */
    static long synLocalBytes(int rows, int lanes, int cols) {
        return 4L * rows * (cols + 1) + 8L * lanes;
    }

    /**
     * Samples a gradient work-group of the GPU shape stages per round (GT_B): {@code tiles.gradSamples}, less where
     * its deltas, decay coefficients, reset steps (JB rows per work-item) and trace slices (VB weights per
     * work-item) would pass {@code tiles.localBudget}.
     */
    public int gradSamples() {
        int n = tiles.gradSamples();
        while (n > 1 && gradLocalBytes(n) > tiles.localBudget()) {
            n--;
        }
        return n;
    }

    /** Local memory of weight_grad_per_neuron_update's GPU shape staging {@code samples} samples per round. */
    long gradLocalBytes(int samples) {
        return 4L * samples * (3L * tiles.gradRows() * jb + (long) tiles.gradCols() * vb);
    }

    /**
     * Launches a fused gradient kernel over post rows of pre weights. CPU shape (VW > 1): (ceil(post / JB) / RB,
     * ceil(pre / (VB VW))) work-items (GRAD_IDIM = 1) in work-groups of one, so that consecutive work-groups share a
     * column block. GPU shape: work-group tiles of gradRows * JB * RB rows by gradCols * VB weights, row tiles first.
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
        if (vw == 1) {
            // GPU shape: work-groups of gradCols x gradRows work-items, each a tile of gradRows * JB * RB rows by
            // gradCols * VB weights (gradCols column blocks); the row tiles along group dimension 0, so that the
            // work-groups a GPU runs together share their columns' trace slices in cache (grad.cl).
            long rowsPerGroup = (long) tiles.gradRows() * jb * rb;
            long rowGroups = (post + rowsPerGroup - 1) / rowsPerGroup;
            long colGroups = (blocks + tiles.gradCols() - 1) / tiles.gradCols();
            k.launch(rowGroups * tiles.gradCols(), colGroups * tiles.gradRows(), tiles.gradCols(), tiles.gradRows());
        } else if (gradIdim() == 1) {
            k.launch(rowItems(post), blocks, 1);
        } else {
            k.launch(blocks, rowItems(post), wgsMat);
        }
    }

    /**
     * Launches synaptic_input for {@code post} neurons: on GPUs work-groups of synRows neurons x synLanes samples
     * (the weight tile staged once serves every sample of the batch), else ceil(post / VW) work-items.
     */
    public void launchSynaptic(ClKernel k, int post) {
        if (vw == 1) {
            k.launch(post, tiles.synLanes(), tiles.synRows(), tiles.synLanes());
        } else {
            k.launch(vectorItems(post), wgsMat);
        }
    }

    /**
     * Launches synaptic_input_t for {@code post} neurons of {@code batch} samples: (ceil(post / (SB VW)), B), in
     * work-groups of wgsMat work-items of one sample on GPUs (which stage the sample's events), of one on CPUs.
     */
    public void launchSynapticT(ClKernel k, int post, int batch) {
        k.launch(sampleRowItems(post), batch, vw == 1 ? wgsMat : 1);
    }

    /** Launches surrogate_delta for {@code pre} hidden neurons of {@code batch} samples: (ceil(pre / (SB VW)), B). */
    public void launchSurrogate(ClKernel k, int pre, int batch) {
        k.launch(sampleRowItems(pre), batch, wgsMat);
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

    /** With the tiles that fit any GPU ({@link Tiles#DEFAULT}). */
    public KernelSizes(int wgs, int wgsRow, int vw, int wgsMat, int jb, int vb, int sb, int rb) {
        this(wgs, wgsRow, vw, wgsMat, jb, vb, sb, rb, Tiles.DEFAULT);
    }

    /** The device's own sizes (nothing overridden). */
    public static KernelSizes of(ClDeviceInfo device) {
        return of(device, DeviceTuning.DEFAULT);
    }

    /**
     * The sizes for a device: SIMD-wide work-items on CPUs (PoCL turns floatN into AVX), the tiled GPU shape
     * elsewhere, then the overrides of {@code tuning} (its {@code vw} picks the shape: 1 the GPU shape, wider ones
     * the CPU shape, on any device). Work-group sizes stay within the device's limits.
     */
    public static KernelSizes of(ClDeviceInfo device, DeviceTuning tuning) {
        int max = (int) Math.min(Integer.MAX_VALUE, device.maxWorkGroup());
        int wgs = Math.min(64, max);
        int rowWgs = Math.min(64, Integer.highestOneBit(max));
        int vw = tuning.vw() != null ? tuning.vw() : device.isCpu() ? cpuWidth(device) : 1;
        boolean gpu = vw == 1;
        // CPU shape: work-group size 1 (PoCL runs each work-group as one call); each work-item does a register block
        // of JB x VB vectors of weights, or SB vectors of one sample's row, so that scalar and launch work is
        // amortised over many SIMD operations (measured in docs/RESULTS.md). Per-sample reductions run as one
        // work-item per sample: PoCL's work-group barriers cost more than the sequential sum they would split
        // (masked_error about 30% faster, docs/RESULTS.md).
        int mat = DeviceTuning.or(tuning.wgsMat(), gpu ? wgs : 1);
        int jb = DeviceTuning.or(tuning.jb(), gpu ? GPU_JB : cpuRows(vw));
        int vb = DeviceTuning.or(tuning.vb(), gpu ? 1 : CPU_VB);
        int sb = DeviceTuning.or(tuning.sb(), gpu ? 1 : CPU_SB);
        int rb = DeviceTuning.or(tuning.rb(), gpu ? 1 : CPU_RB);
        int row = DeviceTuning.or(tuning.wgsRow(), gpu ? rowWgs : 1);
        int matMax = (int) Math.min(max, device.maxWorkItemSize(0));
        return new KernelSizes(wgs, Math.min(row, Integer.highestOneBit(max)), vw, Math.min(mat, matMax), jb, vb, sb,
                rb, Tiles.forDevice(device, tuning));
    }

    private static int cpuWidth(ClDeviceInfo device) {
        return device.preferredFloatWidth() >= 16 ? 16 : device.preferredFloatWidth() >= 8 ? 8 : 4;
    }

    /**
     * Weight rows per gradient work-item on CPU devices: the JB x VB vector sums must stay in registers. AVX-512's 32
     * registers hold 2 x 13; AVX2 has 16, where 2 x 13 spilled to the stack and one row was faster on the MNIST
     * output layer and on the audiocoder's big layer (docs/RESULTS.md, the AVX2 EPYC section).
     */
    static int cpuRows(int vw) {
        return vw >= 16 ? 2 : 1;
    }

    /** Default register blocks on CPU devices. */
    static final int CPU_VB = 13;
    static final int CPU_SB = 13;
    static final int CPU_RB = 1;

    /** Rows per work-item of the GPU shape's gradient tiles: each staged trace value serves JB rows from registers. */
    static final int GPU_JB = 4;

    /**
     * Inputs per chunk of the event lists (active_inputs): synaptic_input keeps VW weight-row slices of CHUNK
     * floats in L1 (16 KiB at VW = 16, half a 32 KiB L1; 512 filled all of it at VW = 16 and the audiocoder's
     * synaptic input ran about a fifth slower, docs/RESULTS.md) while every sample of the batch gathers its events
     * from them.
     */
    public static final int CHUNK = 256;

    /** Chunks of {@link #CHUNK} inputs covering a layer of {@code pre} inputs. */
    public static int chunks(int pre) {
        return org.spikecoder.cpu.CpuKernels.chunks(pre, CHUNK);
    }

    /** {@link #forNetwork(org.spikecoder.model.NetworkSpec, DeviceTuning)} with nothing tuned. */
    public KernelSizes forNetwork(org.spikecoder.model.NetworkSpec net) {
        return forNetwork(net, DeviceTuning.DEFAULT);
    }

    /**
     * The sizes for training {@code net}: on CPU devices a layer of at least {@link #BIG_LAYER_WEIGHTS} weights (the
     * audiocoder's 58,500 x 2048) makes each gradient work-item take {@link #BIG_LAYER_RB} row blocks of one column
     * block in sequence, so that the block's slice of the trace history is read from L2 that many times (about 1.4x
     * faster at that shape, docs/RESULTS.md); small networks keep one, which spreads their few tiles over the cores.
     * Such a network also takes {@link #BIG_NETWORK_VB_AVX2} vectors per gradient row at VW = 8 (AVX2's 16 registers:
     * 12 sums leave room for d, dr and a temporary; the audiocoder's step 0.561 s against 0.682 s, median of five
     * alternating rounds, docs/RESULTS.md). VB is one define for the whole program, and a small network keeps 13:
     * at 12, MNIST's 196-input layer 2 needs a third column block and is slower. Sizes given in {@code tuning}
     * (rb, vb) are kept as they are.
     */
    public KernelSizes forNetwork(org.spikecoder.model.NetworkSpec net, DeviceTuning tuning) {
        long biggest = 0;
        for (int l = 1; l <= net.layers(); l++) {
            biggest = Math.max(biggest, net.weightCount(l));
        }
        if (vw == 1 || biggest < BIG_LAYER_WEIGHTS) {
            return this;
        }
        int blocks = tuning.rb() == null ? BIG_LAYER_RB : rb;
        int vectors = tuning.vb() == null && vw == 8 ? BIG_NETWORK_VB_AVX2 : vb;
        return new KernelSizes(wgs, wgsRow, vw, wgsMat, jb, vectors, sb, blocks, tiles);
    }

    /** Weights of a layer from which CPU devices block the gradient by rows (see {@link #forNetwork}). */
    static final long BIG_LAYER_WEIGHTS = 16L << 20;
    static final int BIG_LAYER_RB = 16;

    /** VB of a network with a big layer at VW = 8 (see {@link #forNetwork}). */
    static final int BIG_NETWORK_VB_AVX2 = 12;

    /**
     * The same device with another vector width (tests build both the CPU and the GPU variant): width 1 is the GPU
     * shape (the tiles, work-groups of WGS for the per-sample reductions and the matrix kernels, JB = 4 rows per
     * gradient work-item), a wider one the CPU shape (this one's register blocks if it is one, else the defaults).
     */
    public KernelSizes withVectorWidth(int width) {
        if (width == 1) {
            return new KernelSizes(wgs, Integer.highestOneBit(wgs), 1, wgs, GPU_JB, 1, 1, 1, tiles);
        }
        boolean cpu = vw > 1;
        return new KernelSizes(wgs, cpu ? wgsRow : 1, width, cpu ? wgsMat : 1, cpu ? jb : cpuRows(width),
                cpu ? vb : CPU_VB, cpu ? sb : CPU_SB, cpu ? rb : CPU_RB, tiles);
    }

    /** The same sizes with {@code blocks} row blocks done in sequence (RB). */
    public KernelSizes withRowBlocks(int blocks) {
        return new KernelSizes(wgs, wgsRow, vw, wgsMat, jb, vb, sb, blocks, tiles);
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
        d.put("IM_I", Integer.toString(INPUT_MAJOR_INPUTS));
        d.put("IM_J", Integer.toString(INPUT_MAJOR_VECTORS));
        if (vw == 1) {
            // Only the GPU shape's kernels read these: the CPU shape's program text stays what it was without them.
            d.put("WGS_MAT", Integer.toString(wgsMat));
            d.put("GT_I", Integer.toString(tiles.gradCols()));
            d.put("GT_J", Integer.toString(tiles.gradRows()));
            d.put("GT_B", Integer.toString(gradSamples()));
            d.put("ST_J", Integer.toString(tiles.synRows()));
            d.put("ST_B", Integer.toString(tiles.synLanes()));
            d.put("ST_S", Integer.toString(tiles.synSamples()));
            d.put("ST_C", Integer.toString(tiles.synCols()));
        }
        return d;
    }

    /**
     * Floats of zeroed padding after a buffer that the matrix kernels read VW at a time from rows of
     * {@code rowLength}: a vector load at the end of the last row, a gather of VW rows beyond the last one
     * (synaptic_input's weights), or a register tile of up to max(VB, SB) vectors that overhangs the last row (the
     * tiled kernels' inner loops carry no bounds checks) stays inside the allocation. None for scalar work-items
     * (VW = VB = SB = 1, the GPU shape); register tiles forced at VW = 1 ({@code --tune vb=3}) overhang too.
     */
    public long padFloats(int rowLength) {
        return vw == 1 && vb == 1 && sb == 1 ? 0 : (long) vw * (rowLength + 1 + Math.max(vb, sb));
    }

    /** Work-items of lif_update for {@code count} neurons: VW neurons each (one in the GPU shape). */
    public long lifItems(long count) {
        return (count + vw - 1) / vw;
    }

    /** Work-items of poisson_encode for B samples of n inputs: VW groups of four inputs each. */
    public long poissonItems(int batch, int n) {
        return (long) batch * ((((n + 3) / 4) + vw - 1) / vw);
    }

    /** Row blocks of JB rows over n rows: the work-items of row_sample_lists. */
    public long rowBlocks(int n) {
        return (n + jb - 1) / jb;
    }

    /**
     * Whether the row-major per-neuron gradient over rows of pre weights reads its samples from row_sample_lists
     * (CPU shape only): a row block's list serves all its column blocks, and below LIST_MIN_BLOCKS of them the
     * launch costs more than the listings it saves (MNIST's layer 2 has 2 at VB = 13, VW = 8; docs/RESULTS.md).
     */
    public boolean listsSamples(int pre) {
        return vw > 1 && gradItems(pre) >= LIST_MIN_BLOCKS;
    }

    static final int LIST_MIN_BLOCKS = 4;

    /** Launches row_sample_lists for {@code post} rows: one work-item per row block, in work-groups of WGS. */
    public void launchSampleLists(ClKernel k, int post) {
        k.launch(rowBlocks(post), wgs);
    }

    /** Ints of row_sample_lists' output for n rows and a batch of capacity samples (1 + 3 JB per listed sample). */
    public long sampleListWords(int n, int capacity) {
        return rowBlocks(n) * capacity * (1L + 3L * jb);
    }

    /** Work-items along the row dimension of the fused gradient kernels for n rows. */
    public long rowItems(int n) {
        return (rowBlocks(n) + rb - 1) / rb;
    }

    /** Work-items along the weight-row dimension of the fused gradient kernels for rows of n weights. */
    public long gradItems(int n) {
        return (n + (long) vw * vb - 1) / ((long) vw * vb);
    }

    /** Work-items per sample of synaptic_input_t and surrogate_delta for rows of n outputs. */
    public long sampleRowItems(int n) {
        return (n + (long) vw * sb - 1) / ((long) vw * sb);
    }

    /** Inputs per work-item of weight_grad_input_major_update (IM_I in grad.cl). */
    public static final int INPUT_MAJOR_INPUTS = 2;

    /** floatVW vectors of post neurons per pass of weight_grad_input_major_update (IM_J in grad.cl). */
    public static final int INPUT_MAJOR_VECTORS = 4;

    /**
     * Floats per sample row of the scaled deltas and reset steps that scaled_deltas writes for
     * weight_grad_input_major_update: {@code post} rounded up to whole vectors, so that each of the kernel's vector
     * loads starts on a vector boundary (rows of 196 floats would split three of every four samples' loads across
     * two cache lines) and its passes, which load whole vectors without bounds checks, stay inside the row.
     */
    public int inputMajorRowStride(int post) {
        return inputMajorRowStride(post, vw);
    }

    /** {@link #inputMajorRowStride(int)} at vector width {@code width}. */
    public static int inputMajorRowStride(int post, int width) {
        return (post + width - 1) / width * width;
    }

    /** Launches scaled_deltas over {@code batch} rows of {@code post} (sample, neuron) pairs. */
    public void launchScaledDeltas(ClKernel k, int batch, int post) {
        k.launch(post, batch, wgs);
    }

    /** Rows (inputs) of the trace history by input: whole blocks of IM_I, as the kernel reads them. */
    public static long inputMajorRows(int pre) {
        return inputMajorItems(pre) * INPUT_MAJOR_INPUTS;
    }

    /** Work-items of weight_grad_input_major_update for a layer of {@code pre} inputs. */
    public static long inputMajorItems(int pre) {
        return (pre + INPUT_MAJOR_INPUTS - 1) / INPUT_MAJOR_INPUTS;
    }

    /**
     * Launches weight_grad_input_major_update for a layer of {@code pre} inputs: work-groups of one on CPUs (PoCL runs
     * each as one call), of WGS on GPUs (the kernel shares nothing between work-items, so any size is correct).
     */
    public void launchInputMajor(ClKernel k, int pre) {
        k.launch(inputMajorItems(pre), vw == 1 ? wgs : 1);
    }

    /** Work-items along a vectorised dimension of n outputs. */
    public long vectorItems(int n) {
        return (n + vw - 1) / vw;
    }
}
