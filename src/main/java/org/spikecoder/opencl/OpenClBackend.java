package org.spikecoder.opencl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spikecoder.cpu.CpuKernels;
import org.spikecoder.engine.AdamBias;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.BatchInput;
import org.spikecoder.engine.KernelProfile;
import org.spikecoder.model.Matrices;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.TraceMode;
import org.spikecoder.model.TrainConfig;

/**
 * The training algorithm on an OpenCL device, launching the kernels of {@code kernels/*.cl} in the order
 * {@link org.spikecoder.cpu.CpuBackend} calls their Java twins. Weights, Adam moments, membrane potentials, traces,
 * spike maps, spike counts and the loss stay in device buffers across the T steps of a batch and across batches;
 * a step reads nothing back, and the {@code read*} calls copy once what they return.
 *
 * <p>Memory: the per-neuron trace is kept factorised ((T+1) x B x pre never-reset input traces plus the last reset
 * step of each post neuron), the shared trace is B x pre, and the gradient is consumed by the weight update inside
 * the same kernel, so the largest buffers are the weights and the two Adam moments.
 */
public final class OpenClBackend implements Backend, KernelProfile {
    private static final org.apache.logging.log4j.Logger LOG =
            org.apache.logging.log4j.LogManager.getLogger(OpenClBackend.class);
    private final NetworkSpec net;
    private final TrainConfig config;
    /** The rate of this batch's updates: the config's unless a schedule set another. */
    private float learningRate;
    private final ClContext ctx;
    private final boolean ownsContext;
    private final int capacity;
    private final int layers;
    private final int accBytes;
    private final KernelSizes sizes;
    private final List<ClBuffer> owned = new ArrayList<>();

    private final ClKernel poisson;
    private final ClKernel activeInputs;
    private final ClKernel synaptic;
    private final ClKernel synapticT;
    private final ClKernel lif;
    private final ClKernel maskedError;
    private final ClKernel surrogateDelta;
    private final ClKernel gradPerNeuron;
    private final ClKernel gradShared;
    private final ClKernel gradInputMajor;
    private final ClKernel scaledDeltas;
    /** The per-step sample lists of the row-major per-neuron gradient (launched in the CPU shape only). */
    private final ClKernel rowLists;
    private final ClKernel sharedScale;
    private final ClKernel recordRaster;
    private final ClKernel catchUp;

    private final ClBuffer[] weights;
    /** Transposed copies (pre x post) of the weights, kept equal by the fused updates; null where not used. */
    private final ClBuffer[] weightsT;
    private final ClBuffer[] adamM;
    private final ClBuffer[] adamV;
    private final ClBuffer[] vmem;
    private final ClBuffer[] vPre;
    private final ClBuffer[] z;
    private final ClBuffer[] delta;
    private final ClBuffer[] spikes;
    private final ClBuffer[] counts;
    private final ClBuffer[] traces;
    private final ClBuffer[] lastReset;
    /** Per layer run along its inputs: each (input, sample) pair's trace history side by side (pre x B x 16). */
    private final ClBuffer[] histCols;
    /** Per layer computed by weight_grad_input_major_update: each work-item's list of samples with a live input. */
    private final ClBuffer[] liveLists;
    private final ClBuffer[] scaledDelta;  // input-major layers: delta / B, and that times the decay since the reset
    private final ClBuffer[] scaledDecay;
    private final ClBuffer[] scaledReset;  // and the reset steps, in the same aligned rows
    /** Per row-major per-neuron layer in the CPU shape: each row block's samples with their scalar work. */
    private final ClBuffer[] sampleLists;
    private final ClBuffer[] sampleCounts;
    private final boolean inputMajor;
    /** Event lists of each layer's input spikes (active_inputs), index l for the input of layer l. */
    private final ClBuffer[] eventList;
    private final ClBuffer[] eventStarts;
    /** Per layer input, the live extent of each sample (lowest and highest input spiked since beginBatch). */
    private final ClBuffer[] liveExtent;
    private final int[] noExtent;
    private final ClBuffer rates;
    private final ClBuffer sampleIds;
    private final ClBuffer lossAcc;
    private final ClBuffer powTab;
    private ClBuffer targets;
    private ClBuffer raster;

    /**
     * Deferred updates of layer 1 (a big input layer): its gradient runs only over the column blocks
     * [hullFrom, hullTo) holding an input that some sample of the batch can spike (rate > 0); the weights of the
     * other inputs get the same updates with a zero gradient at once, before anything reads them (adam_catch_up).
     */
    private final boolean deferSilentInputs;
    private final ClBuffer c1Tab;
    private final ClBuffer c2Tab;
    private int hullFrom;
    private int hullTo;
    /** Learning steps of this batch not yet applied to the silent inputs' weights (-1: none), and Adam's first. */
    private int pendingFrom = -1;
    private int pendingTo = -1;
    private int adamFirstStep = -1;
    /** The step whose spikes the next lif_update records as last resets (0: none; it did not learn). */
    private int pendingResetStep;

    private BatchInput batch;
    private int batchSize;
    private int record = -1;
    private boolean adamFresh;
    private boolean closed;

    /** Opens its own context on the device chosen by {@code deviceSpec} (see {@link ClRuntime#select}). */
    public OpenClBackend(NetworkSpec net, TrainConfig config, String deviceSpec, boolean profiling) {
        this(net, config, deviceSpec, profiling, DeviceTuning.DEFAULT);
    }

    /**
     * As {@link #OpenClBackend(NetworkSpec, TrainConfig, String, boolean)} with the kernel sizes and weight layout
     * that {@code tuning} overrides ({@code bench --tune}).
     */
    public OpenClBackend(NetworkSpec net, TrainConfig config, String deviceSpec, boolean profiling,
                         DeviceTuning tuning) {
        this(ClContext.open(deviceSpec, profiling), true, net, config, tuning);
    }

    /** Runs on a context the caller owns and closes (tests share one context across many backends). */
    public OpenClBackend(ClContext ctx, NetworkSpec net, TrainConfig config) {
        this(ctx, false, net, config, DeviceTuning.DEFAULT);
    }

    private OpenClBackend(ClContext ctx, boolean ownsContext, NetworkSpec net, TrainConfig config,
                          DeviceTuning tuning) {
        this(ctx, ownsContext, net, config, sizesOf(ctx, ownsContext, net, tuning),
                useTransposed(net, ctx.device(), tuning), net.weightCount(1) >= KernelSizes.BIG_LAYER_WEIGHTS,
                tuning.inputMajor());
    }

    /** The device's sizes with the tuning's overrides; a context this backend opened is closed if they are refused. */
    private static KernelSizes sizesOf(ClContext ctx, boolean ownsContext, NetworkSpec net, DeviceTuning tuning) {
        try {
            return KernelSizes.of(ctx.device(), tuning).forNetwork(net, tuning);
        } catch (RuntimeException e) {
            if (ownsContext) {
                ctx.close();
            }
            throw e;
        }
    }

    /**
     * With explicit kernel sizes and weight layout, so that the parity tests can run the GPU shape and the
     * event-driven synaptic input (no transposed copies) on any device.
     */
    OpenClBackend(ClContext ctx, NetworkSpec net, TrainConfig config, KernelSizes sizes, boolean transposed,
                  boolean deferSilentInputs) {
        this(ctx, false, net, config, sizes, transposed, deferSilentInputs, null);
    }

    private OpenClBackend(ClContext ctx, boolean ownsContext, NetworkSpec net, TrainConfig config, KernelSizes sizes,
                          boolean transposed, boolean deferSilentInputs, Boolean inputMajorChoice) {
        // A transposed copy would need the deferred updates too; big layers, the ones deferred, never have one.
        this.deferSilentInputs = deferSilentInputs && !transposed;
        this.ctx = ctx;
        this.ownsContext = ownsContext;
        this.net = net;
        this.config = config;
        this.learningRate = config.learningRate();
        this.capacity = config.batchSize();
        this.layers = net.layers();
        this.accBytes = ctx.device().fp64() ? 8 : 4;
        this.sizes = sizes;
        this.inputMajor = transposed && inputMajorFits(config) && (inputMajorChoice == null || inputMajorChoice);
        if (Boolean.TRUE.equals(inputMajorChoice) && !inputMajor) {
            LOG.warn("--tune inputMajor=true has no effect here: it needs the transposed weight copies{} and the"
                    + " per-neuron trace over at most {} steps", transposed ? "" : " (off)", HIST_SLOTS - 1);
        }
        try {
            checkIndexRange();
            checkDeviceMemory(requiredBytes(net, config, sizes, transposed, inputMajor, accBytes));
            ClProgram p = ctx.program(sizes.defines());
            poisson = p.kernel("poisson_encode");
            activeInputs = p.kernel("active_inputs");
            synaptic = p.kernel("synaptic_input");
            synapticT = p.kernel("synaptic_input_t");
            lif = p.kernel("lif_update");
            maskedError = p.kernel("masked_error");
            surrogateDelta = p.kernel("surrogate_delta");
            gradPerNeuron = p.kernel("weight_grad_per_neuron_update");
            gradShared = p.kernel("weight_grad_shared_update");
            gradInputMajor = p.kernel("weight_grad_input_major_update");
            scaledDeltas = p.kernel("scaled_deltas");
            rowLists = p.kernel("row_sample_lists");
            sharedScale = p.kernel("shared_trace_scale");
            recordRaster = p.kernel("record_raster");
            catchUp = p.kernel("adam_catch_up");

            int n = layers + 1;
            weights = new ClBuffer[n];
            weightsT = new ClBuffer[n];
            adamM = new ClBuffer[n];
            adamV = new ClBuffer[n];
            vmem = new ClBuffer[n];
            vPre = new ClBuffer[n];
            z = new ClBuffer[n];
            delta = new ClBuffer[n];
            spikes = new ClBuffer[n];
            counts = new ClBuffer[n];
            traces = new ClBuffer[n];
            lastReset = new ClBuffer[n];
            histCols = new ClBuffer[n];
            liveLists = new ClBuffer[n];
            scaledDelta = new ClBuffer[n];
            scaledDecay = new ClBuffer[n];
            scaledReset = new ClBuffer[n];
            sampleLists = new ClBuffer[n];
            sampleCounts = new ClBuffer[n];
            eventList = new ClBuffer[n];
            eventStarts = new ClBuffer[n];
            liveExtent = new ClBuffer[n];
            noExtent = new int[2 * capacity];
            for (int b = 0; b < capacity; b++) {
                noExtent[2 * b] = CpuKernels.NO_EXTENT[0];
                noExtent[2 * b + 1] = CpuKernels.NO_EXTENT[1];
            }
            int steps = config.steps();
            long in = (long) capacity * net.size(0);
            rates = alloc("input rates (batch x " + net.size(0) + ")", in * 4);
            sampleIds = alloc("sample ids", capacity * 4L);
            spikes[0] = alloc("input spikes", in * 4);
            counts[0] = alloc("input spike counts", in * 4);
            for (int l = 1; l <= layers; l++) {
                long wc = net.weightCount(l);
                int pre = net.size(l - 1);
                long act = (long) capacity * net.size(l);
                weights[l] = alloc("weights of layer " + l + " (" + net.size(l) + " x " + pre + ")",
                        (wc + sizes.padFloats(pre)) * 4);
                if (transposed) {
                    weightsT[l] = alloc("transposed weights of layer " + l + " (" + pre + " x " + net.size(l) + ")",
                            (wc + sizes.padFloats(net.size(l))) * 4);
                }
                if (config.optimizer() == Optimizer.ADAM) {
                    adamM[l] = alloc("Adam first moment of layer " + l, wc * 4);
                    adamV[l] = alloc("Adam second moment of layer " + l, wc * 4);
                }
                eventList[l] = alloc("input events of layer " + l + " (batch x " + pre + ")",
                        (long) capacity * pre * 4);
                eventStarts[l] = alloc("input event chunks of layer " + l,
                        (long) capacity * (KernelSizes.chunks(pre) + 1) * 4);
                liveExtent[l] = alloc("live input extents of layer " + l, capacity * 8L);
                vmem[l] = alloc("membrane potentials of layer " + l, act * 4);
                vPre[l] = alloc("pre-reset potentials of layer " + l, act * 4);
                z[l] = alloc("synaptic input of layer " + l, act * 4);
                delta[l] = alloc("deltas of layer " + l, act * 4);
                spikes[l] = alloc("spikes of layer " + l, act * 4);
                counts[l] = alloc("spike counts of layer " + l, act * 4);
                if (config.traceMode() == TraceMode.PER_NEURON) {
                    traces[l] = alloc("trace history of layer " + l + " ((T+1) x batch x " + pre + ")",
                            ((long) (steps + 1) * capacity * pre + sizes.padFloats(1)) * 4);
                    lastReset[l] = alloc("last reset steps of layer " + l, act * 4);
                    if (inputMajorLayer(inputMajor, l)) {
                        histCols[l] = alloc("trace history by input of layer " + l + " (" + pre + " x batch x "
                                + HIST_SLOTS + ")", KernelSizes.inputMajorRows(pre) * capacity * HIST_SLOTS * 4);
                        liveLists[l] = alloc("live sample lists of layer " + l,
                                KernelSizes.inputMajorItems(pre) * capacity * 4);
                        long rows = (long) capacity * sizes.inputMajorRowStride(net.size(l));
                        scaledDelta[l] = alloc("scaled deltas of layer " + l, rows * 4);
                        scaledDecay[l] = alloc("decayed scaled deltas of layer " + l, rows * 4);
                        scaledReset[l] = alloc("aligned last reset steps of layer " + l, rows * 4);
                    } else if (sizes.listsSamples(pre)) {
                        sampleLists[l] = alloc("sample lists of layer " + l, sizes.sampleListWords(net.size(l),
                                capacity) * 4);
                        sampleCounts[l] = alloc("sample list lengths of layer " + l,
                                sizes.rowBlocks(net.size(l)) * 4);
                    }
                } else {
                    traces[l] = alloc("shared trace of layer " + l + " (batch x " + pre + ")",
                            ((long) capacity * pre + sizes.padFloats(1)) * 4);
                }
            }
            lossAcc = alloc("loss accumulators", (long) capacity * accBytes);
            powTab = alloc("decay powers", (steps + 1) * 4L);
            float[] pw = new float[steps + 1];
            for (int k = 0; k <= steps; k++) {
                pw[k] = CpuKernels.pow(config.decay(), k);
            }
            powTab.write(pw, pw.length);
            c1Tab = alloc("Adam bias corrections c1", (steps + 1) * 4L);
            c2Tab = alloc("Adam bias corrections c2", (steps + 1) * 4L);
            float[] c1 = new float[steps + 1];
            float[] c2 = new float[steps + 1];
            for (int t = 1; t <= steps; t++) {
                c1[t] = AdamBias.firstMoment(config.beta1(), t);
                c2[t] = AdamBias.secondMoment(config.beta2(), t);
            }
            c1Tab.write(c1, c1.length);
            c2Tab.write(c2, c2.length);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Whether to keep transposed weight copies for synaptic_input_t: on CPU devices (where the column gathers of
     * synaptic_input are slow) when all copies together fit the tuning's budget (256 MiB unless
     * {@code transposedBudgetMiB} says otherwise), so that big networks such as the audiocoder keep their memory
     * limit. The tuning's {@code transposed} overrides.
     */
    static boolean useTransposed(NetworkSpec net, ClDeviceInfo device, DeviceTuning tuning) {
        if (tuning.transposed() != null) {
            return tuning.transposed();
        }
        long bytes = 0;
        for (int l = 1; l <= net.layers(); l++) {
            bytes += net.weightCount(l) * 4;
        }
        return device.isCpu() && bytes <= tuning.transposedBudgetBytes();
    }

    /** Steps of history weight_grad_input_major_update holds per (sample, input): xhat[0..15]. */
    static final int HIST_SLOTS = 16;

    /**
     * Whether the per-neuron gradients can run along the inputs (weight_grad_input_major_update): the paper's trace
     * and a window short enough for every step's trace of a (sample, input) pair to sit in one 16-float table
     * (T <= 15, as the autoencoders use), and a leak slow enough that a trace which has seen a spike stays above 0
     * for the whole window ((1 - alpha)^T a normal float), so that the kernel can tell from xhat[t] alone whether an
     * input has spiked. The layer needs its transposed copy too, which is where this is used.
     */
    static boolean inputMajorFits(TrainConfig config) {
        return config.traceMode() == TraceMode.PER_NEURON && config.steps() < HIST_SLOTS
                && CpuKernels.pow(config.decay(), config.steps()) >= Float.MIN_NORMAL;
    }

    /**
     * Whether layer l's gradient runs along its inputs when the backend's gradients may: layer 1 only, whose inputs
     * are the encoded pixels or spectrogram bins, dark in most samples (MNIST lights a fifth of its pixels), so that
     * most (sample, input) pairs are skipped. Hidden spikes are live in most pairs once a few steps have passed, and
     * there the row-major kernel is faster (docs/RESULTS.md). Layer 1's row-major W is then not kept current: no
     * kernel reads it (surrogate_delta reads the layers above), and {@link #readWeights} transposes WT.
     */
    static boolean inputMajorLayer(boolean inputMajor, int l) {
        return inputMajor && l == 1;
    }

    @Override
    public boolean inputMajorGradient(int l) {
        return histCols[l] != null;
    }

    /** Whether the gradients run along the inputs (see {@link #inputMajorFits}). */
    public boolean inputMajorGradients() {
        return inputMajor;
    }

    /** Whether this backend keeps transposed weight copies (see {@link #useTransposed}). */
    @Override
    public boolean transposedWeights() {
        return weightsT[1] != null;
    }

    private long wgs() {
        return sizes.wgs();
    }

    private long wgsRow() {
        return sizes.wgsRow();
    }

    /** The kernels index with 32-bit ints: every buffer must hold fewer than 2^31 elements. */
    private void checkIndexRange() {
        for (int l = 1; l <= layers; l++) {
            long hist = (long) (config.steps() + 1) * capacity * net.size(l - 1);
            long big = Math.max(net.weightCount(l), config.traceMode() == TraceMode.PER_NEURON ? hist : 0);
            if (big >= Integer.MAX_VALUE) {
                throw new org.spikecoder.SpikecoderException("layer " + l + " needs " + big
                        + " elements in one buffer, more than the kernels' 32-bit indices allow; use a smaller "
                        + "--batch or fewer --steps");
            }
        }
    }

    /**
     * Bytes of the buffers the constructor allocates, each as {@link #alloc} is asked for it (at least 4), so that a
     * network too large for the device fails before the first buffer rather than after most of them. The twin of
     * the allocations below; OpenClMemoryTest keeps the two equal.
     */
    static long requiredBytes(NetworkSpec net, TrainConfig config, KernelSizes sizes, boolean transposed,
                              boolean inputMajor, int accBytes) {
        long capacity = config.batchSize();
        long in = capacity * net.size(0);
        long total = buf(in * 4) + buf(capacity * 4) + 2 * buf(in * 4);
        for (int l = 1; l <= net.layers(); l++) {
            long wc = net.weightCount(l);
            int pre = net.size(l - 1);
            long act = capacity * net.size(l);
            total += buf((wc + sizes.padFloats(pre)) * 4);
            if (transposed) {
                total += buf((wc + sizes.padFloats(net.size(l))) * 4);
            }
            if (config.optimizer() == Optimizer.ADAM) {
                total += 2 * buf(wc * 4);
            }
            total += buf(capacity * pre * 4) + buf(capacity * (KernelSizes.chunks(pre) + 1L) * 4)
                    + buf(capacity * 8);
            boolean im = inputMajorLayer(inputMajor, l);
            long imRows = capacity * (long) sizes.inputMajorRowStride(net.size(l));
            total += 6 * buf(act * 4);
            total += config.traceMode() == TraceMode.PER_NEURON
                    ? buf(((config.steps() + 1L) * capacity * pre + sizes.padFloats(1)) * 4)
                            + buf(act * 4)
                            + (im ? buf(KernelSizes.inputMajorRows(pre) * capacity * HIST_SLOTS * 4)
                                    + buf(KernelSizes.inputMajorItems(pre) * capacity * 4)
                                    + 3 * buf(imRows * 4)
                                : sizes.listsSamples(pre) ? buf(sizes.sampleListWords(net.size(l), (int) capacity) * 4)
                                        + buf(sizes.rowBlocks(net.size(l)) * 4) : 0)
                    : buf((capacity * pre + sizes.padFloats(1)) * 4);
        }
        return total + buf(capacity * accBytes) + 3 * buf((config.steps() + 1L) * 4);
    }

    private static long buf(long bytes) {
        return Math.max(bytes, 4);
    }

    private void checkDeviceMemory(long need) {
        ClDeviceInfo d = ctx.device();
        if (ctx.allocatedBytes() + need > d.globalMemory()) {
            throw new org.spikecoder.SpikecoderException("network " + net + " with --batch " + capacity + " and"
                    + " --steps " + config.steps() + " needs " + Bytes.mib(need) + " of device memory but " + d.name()
                    + " has " + Bytes.mib(d.globalMemory() - ctx.allocatedBytes()) + " free of "
                    + Bytes.mib(d.globalMemory()) + " (CL_DEVICE_GLOBAL_MEM_SIZE); use a smaller --batch, --steps or"
                    + " --hidden");
        }
    }

    /** A zeroed buffer owned by this backend (zeroed so that padding read by vector loads is harmless). */
    private ClBuffer alloc(String what, long bytes) {
        ClBuffer b = ctx.buffer(what, bytes);
        owned.add(b);
        b.zero();
        return b;
    }

    public ClContext context() {
        return ctx;
    }

    @Override
    public java.util.Optional<KernelProfile> kernelProfile() {
        return java.util.Optional.of(this);
    }

    @Override
    public void resetTimes() {
        ctx.resetTimes();
    }

    /** Device time per kernel (CL_PROFILING_COMMAND_START to END) when opened with profiling, else empty. */
    @Override
    public Map<String, KernelTime> kernelTimes() {
        return ctx.kernelTimes();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String deviceName() {
        return ctx.device().name() + " (" + ctx.device().platformName() + ")";
    }

    @Override
    public NetworkSpec network() {
        return net;
    }

    @Override
    public TrainConfig config() {
        return config;
    }

    @Override
    public void setWeights(float[][] w) {
        net.checkWeights(w);
        for (int l = 1; l <= layers; l++) {
            weights[l].write(w[l - 1], w[l - 1].length);
            if (weightsT[l] != null) {
                float[] t = Matrices.transpose(w[l - 1], net.size(l), net.size(l - 1));
                weightsT[l].write(t, t.length);
            }
        }
    }

    @Override
    public float[][] readWeights() {
        catchUpSilentInputs();
        float[][] out = new float[layers][];
        for (int l = 1; l <= layers; l++) {
            out[l - 1] = new float[Math.toIntExact(net.weightCount(l))];
            if (histCols[l] != null) {
                float[] t = new float[out[l - 1].length];
                weightsT[l].read(t, t.length);
                out[l - 1] = Matrices.transpose(t, net.size(l - 1), net.size(l));
            } else {
                weights[l].read(out[l - 1], out[l - 1].length);
            }
        }
        return out;
    }

    @Override
    public void setLearningRate(float lr) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        catchUpSilentInputs(); // deferred updates of the batch before were made at its rate
        learningRate = lr;
    }

    @Override
    public void beginBatch(BatchInput input, int recordLayer) {
        if (input.size() < 1 || input.size() > capacity) {
            throw new IllegalArgumentException("batch of " + input.size() + " does not fit capacity " + capacity);
        }
        if (recordLayer > layers) {
            throw new IllegalArgumentException("cannot record layer " + recordLayer + " of a " + layers
                    + "-layer network");
        }
        catchUpSilentInputs();
        adamFirstStep = -1;
        pendingResetStep = 0;
        batch = input;
        batchSize = input.size();
        setHull(input);
        rates.write(input.rates(), batchSize * net.size(0));
        sampleIds.write(input.sampleIds(), batchSize);
        if (!input.reconstructsInput()) {
            long need = (long) batchSize * input.targetSteps() * net.outputSize();
            if (targets == null || targets.bytes() < need * 4) {
                release(targets);
                targets = alloc("spike targets (batch x " + input.targetSteps() + " x " + net.outputSize() + ")",
                        need * 4);
            }
            targets.write(input.targets(), Math.toIntExact(need));
        }
        for (int l = 0; l <= layers; l++) {
            counts[l].zero(0, (long) batchSize * net.size(l) * 4);
            if (l == 0) {
                continue;
            }
            vmem[l].zero(0, (long) batchSize * net.size(l) * 4);
            liveExtent[l].write(noExtent, noExtent.length);
            if (histCols[l] != null) {
                histCols[l].zero(0, histCols[l].bytes());
            }
            if (config.traceMode() == TraceMode.PER_NEURON) {
                // Step 0 of the history is xhat[0] = 0, zeroed at allocation and never written (poisson_encode and
                // lif_update write steps 1..T, each before it is read). Not zeroed again here: under Oclgrind a host
                // write of part of a buffer makes the rest of it count as uninitialised (docs/KERNELS.md, "Under
                // Oclgrind").
                lastReset[l].zero(0, (long) batchSize * net.size(l) * 4);
            } else {
                traces[l].zero(0, (long) batchSize * net.size(l - 1) * 4);
            }
        }
        lossAcc.zero(0, (long) batchSize * accBytes);
        adamFresh = true;
        record = recordLayer;
        if (record >= 0) {
            long need = (long) batchSize * config.steps() * net.size(record);
            if (raster == null || raster.bytes() < need) {
                release(raster);
                raster = alloc("spike raster of layer " + record, need);
            }
            raster.zero(0, need);
        }
    }

    private void release(ClBuffer b) {
        if (b != null) {
            owned.remove(b);
            b.close();
        }
    }

    @Override
    public void step(int t, boolean learn) {
        if (batch == null) {
            throw new IllegalStateException("beginBatch first");
        }
        if (t < 1 || t > config.steps()) {
            throw new IllegalArgumentException("step " + t + " outside 1.." + config.steps());
        }
        if (!learn) {
            catchUpSilentInputs(); // the forward pass is about to read every weight of a spiking input
        }
        int b = batchSize;
        long seed = config.seed();
        int n0 = net.size(0);
        // The kernels that make a layer's spikes also advance the next layer's input trace (when learning) and record
        // the previous step's spikes as reset steps (when it learned): two launches fewer per layer and step.
        int resetStep = pendingResetStep;
        pendingResetStep = 0;
        poisson.args(rates, sampleIds, b, n0, batch.stepOffset() + t, batch.stream(), (int) seed,
                (int) (seed >>> 32), config.maxRate(), spikes[0], counts[0], traces[1], traceIn(1, t),
                learn ? traceOut(1, t) : -1, config.decay()).launch(sizes.poissonItems(b, n0), wgs());
        for (int l = 1; l <= layers; l++) {
            int n = net.size(l);
            int pre = net.size(l - 1);
            int chunks = KernelSizes.chunks(pre);
            activeInputs.args(spikes[l - 1], b, pre, chunks, eventList[l], eventStarts[l], liveExtent[l])
                    .launch(b, wgs());
            if (weightsT[l] != null) {
                sizes.launchSynapticT(synapticT.args(weightsT[l], n, pre, eventList[l], eventStarts[l], chunks, z[l]),
                        n, b);
            } else {
                sizes.launchSynaptic(synaptic.args(weights[l], n, pre, b, eventList[l], eventStarts[l], chunks, z[l]),
                        n);
            }
            boolean next = learn && l < layers;
            lif.args(vmem[l], z[l], b * n, config.decay(), config.threshold(), config.clampMembrane(), vPre[l],
                    spikes[l], counts[l], lastReset[l] != null ? lastReset[l] : counts[l], resetStep,
                    next ? traces[l + 1] : vPre[l], next ? traceIn(l + 1, t) : 0, next ? traceOut(l + 1, t) : -1,
                    config.decay()).launch(sizes.lifItems((long) b * n), wgs());
        }
        if (record >= 0) {
            recordRaster.args(spikes[record], b, net.size(record), config.steps(), t, raster)
                    .launch((long) b * net.size(record), wgs());
        }
        if (learn) {
            learn(t);
        }
    }

    /** Where layer l's input trace of step t - 1 starts in its buffer (the shared trace: in place). */
    private int traceIn(int l, int t) {
        return config.traceMode() == TraceMode.PER_NEURON ? (t - 1) * capacity * net.size(l - 1) : 0;
    }

    /** Where layer l's input trace of step t goes. */
    private int traceOut(int l, int t) {
        return config.traceMode() == TraceMode.PER_NEURON ? t * capacity * net.size(l - 1) : 0;
    }

    private void learn(int t) {
        int b = batchSize;
        float th = config.threshold();
        int out = net.outputSize();
        ClBuffer target;
        int stride;
        int offset;
        if (batch.reconstructsInput()) {
            target = spikes[0];
            stride = out;
            offset = 0;
        } else {
            target = targets;
            stride = batch.targetSteps() * out;
            offset = ((t - 1) % batch.targetSteps()) * out;
        }
        maskedError.args(target, stride, offset, spikes[layers], vPre[layers], out, th, config.mask(),
                delta[layers], lossAcc).launch((long) b * wgsRow(), wgsRow());
        for (int l = layers - 1; l >= 1; l--) {
            sizes.launchSurrogate(surrogateDelta.args(weights[l + 1], net.size(l + 1), net.size(l), delta[l + 1],
                    vPre[l], th, delta[l]), net.size(l), b);
        }
        // Every delta of this step is computed above; only now may weights change.
        boolean adam = config.optimizer() == Optimizer.ADAM;
        float wd = config.effectiveWeightDecay();
        float c1 = AdamBias.firstMoment(config.beta1(), t);
        float c2 = AdamBias.secondMoment(config.beta2(), t);
        float invB = 1f / b;
        if (adamFresh) {
            adamFirstStep = t;
        }
        pendingFrom = pendingFrom < 0 ? t : pendingFrom;
        pendingTo = t;
        for (int l = 1; l <= layers; l++) {
            int n = net.size(l);
            int pre = net.size(l - 1);
            ClBuffer m = adam ? adamM[l] : weights[l];
            ClBuffer v = adam ? adamV[l] : weights[l];
            ClBuffer wt = weightsT[l] != null ? weightsT[l] : weights[l]; // unused (writeT = 0) without a copy
            if (histCols[l] != null) {
                int rowStride = sizes.inputMajorRowStride(n);
                sizes.launchScaledDeltas(scaledDeltas.args(delta[l], lastReset[l], powTab, t, b, n, rowStride, invB,
                        scaledDelta[l], scaledDecay[l], scaledReset[l]), b, n);
                sizes.launchInputMajor(gradInputMajor.args(scaledDelta[l], scaledDecay[l], traces[l], histCols[l],
                        scaledReset[l], liveLists[l], t, b,
                        capacity, n, rowStride, pre, weightsT[l], m == weights[l] ? weightsT[l] : m,
                        v == weights[l] ? weightsT[l] : v, learningRate, config.beta1(), config.beta2(),
                        config.epsilon(), wd, c1, c2, adam, adamFresh), pre);
            } else if (config.traceMode() == TraceMode.PER_NEURON) {
                // The CPU shape reads each row block's samples from a list made once per step where the layer has
                // enough column blocks to share it; elsewhere the list arguments are placeholders (the GPU shape
                // stages the same scalars in local memory itself).
                boolean listed = sampleLists[l] != null;
                ClBuffer lists = listed ? sampleLists[l] : delta[l];
                ClBuffer listCounts = listed ? sampleCounts[l] : delta[l];
                if (listed) {
                    sizes.launchSampleLists(rowLists.args(delta[l], lastReset[l], powTab, t, b, capacity, n, pre,
                            invB, lists, listCounts), n);
                }
                gradPerNeuron.args(delta[l], traces[l], lastReset[l], liveExtent[l], powTab, t, b, capacity, n, pre,
                        invB, weights[l], m, v, learningRate, config.beta1(), config.beta2(),
                        config.epsilon(), wd, c1, c2, adam, adamFresh, wt, wt != weights[l], firstBlock(l),
                        blocks(l, pre), lists, listCounts, listed);
                launchGrad(gradPerNeuron, l, pre, n);
            } else {
                gradShared.args(delta[l], traces[l], liveExtent[l], b, n, pre, invB, weights[l], m, v,
                        learningRate, config.beta1(), config.beta2(), config.epsilon(), wd, c1, c2, adam,
                        adamFresh, wt, wt != weights[l], firstBlock(l), blocks(l, pre));
                launchGrad(gradShared, l, pre, n);
                sharedScale.args(traces[l], spikes[l], pre, n, config.sharedTraceDivisor())
                        .launch((long) b * wgsRow(), wgsRow());
            }
        }
        adamFresh = false;
        if (config.traceMode() == TraceMode.PER_NEURON) {
            pendingResetStep = t; // the next step's lif_update records this step's spikes as resets
        }
    }

    /** Whether layer l's gradient covers only the column blocks of inputs that can spike. */
    private boolean deferred(int l) {
        return l == 1 && deferSilentInputs;
    }

    private int firstBlock(int l) {
        return deferred(l) ? hullFrom : 0;
    }

    private int blocks(int l, int pre) {
        return deferred(l) ? hullTo - hullFrom : (int) sizes.gradItems(pre);
    }

    private void launchGrad(ClKernel k, int l, int pre, int post) {
        sizes.launchGrad(k, post, firstBlock(l), firstBlock(l) + blocks(l, pre));
    }

    /**
     * The column blocks [hullFrom, hullTo) of layer 1 holding an input with a non-zero rate in some sample: an
     * input of rate 0 never spikes, so its trace stays 0 in every sample and its weights see only weight decay and
     * the moments until the batch ends.
     */
    private void setHull(BatchInput input) {
        if (!deferSilentInputs) {
            return;
        }
        int n = net.size(0);
        int lo = n;
        int hi = -1;
        float[] r = input.rates();
        for (int s = 0; s < input.size(); s++) {
            int base = s * n;
            for (int i = 0; i < lo; i++) {
                if (r[base + i] != 0f) {
                    lo = i;
                    break;
                }
            }
            for (int i = n - 1; i > hi; i--) {
                if (r[base + i] != 0f) {
                    hi = i;
                    break;
                }
            }
        }
        int block = sizes.gradBlock();
        hullFrom = hi < 0 ? 0 : lo / block;
        hullTo = hi < 0 ? 0 : hi / block + 1;
    }

    /**
     * Applies the deferred updates (adam_catch_up, steps pendingFrom..pendingTo) to the weights of layer 1 outside
     * the hull, so that they equal what step-by-step updates would have made of them.
     */
    private void catchUpSilentInputs() {
        if (!deferSilentInputs || pendingFrom < 0) {
            return;
        }
        int pre = net.size(0);
        int post = net.size(1);
        int block = sizes.gradBlock();
        int[][] ranges = {{0, Math.min(pre, hullFrom * block)}, {Math.min(pre, hullTo * block), pre}};
        boolean adam = config.optimizer() == Optimizer.ADAM;
        ClBuffer m = adam ? adamM[1] : weights[1];
        ClBuffer v = adam ? adamV[1] : weights[1];
        for (int[] r : ranges) {
            if (r[1] > r[0]) {
                catchUp.args(weights[1], m, v, post, pre, r[0], r[1], pendingFrom, pendingTo, c1Tab, c2Tab,
                        learningRate, config.beta1(), config.beta2(), config.epsilon(),
                        config.effectiveWeightDecay(), adam, adamFirstStep)
                        .launch(sizes.catchUpItems(r[1] - r[0]), post, sizes.wgsMat());
            }
        }
        pendingFrom = -1;
        pendingTo = -1;
    }

    @Override
    public double readLoss() {
        if (batch == null) {
            return 0;
        }
        double sum = 0;
        if (accBytes == 8) {
            double[] l = new double[batchSize];
            lossAcc.read(l, batchSize);
            for (double x : l) {
                sum += x;
            }
        } else {
            float[] l = new float[batchSize];
            lossAcc.read(l, batchSize);
            for (float x : l) {
                sum += x;
            }
        }
        return sum / batchSize;
    }

    @Override
    public int[] readSpikeCounts(int layer) {
        int[] c = new int[batchSize * net.size(layer)];
        counts[layer].read(c, c.length);
        return c;
    }

    @Override
    public byte[] readSpikeRaster() {
        if (record < 0) {
            throw new IllegalStateException("no layer was recorded in this batch");
        }
        byte[] r = new byte[batchSize * config.steps() * net.size(record)];
        raster.read(r, r.length);
        return r;
    }

    @Override
    public long peakMemoryBytes() {
        return ctx.peakBytes();
    }

    /** Bytes of weights and optimiser state on the device. */
    @Override
    public long weightsAndOptimizerBytes() {
        long sum = 0;
        for (int l = 1; l <= layers; l++) {
            sum += net.weightCount(l) * 4 + (adamM[l] == null ? 0 : adamM[l].bytes() + adamV[l].bytes());
        }
        return sum;
    }

    @Override
    public void awaitUpdates() {
        catchUpSilentInputs();
        ctx.finish();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
        if (ownsContext) {
            ctx.close();
        }
    }
}
