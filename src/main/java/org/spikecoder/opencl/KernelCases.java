package org.spikecoder.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.spikecoder.cpu.CpuKernels;
import org.spikecoder.engine.AdamBias;
import org.spikecoder.model.Matrices;

/**
 * Every kernel of {@code kernels/*.cl} on its own against its Java twin in {@link CpuKernels}: the cases that both
 * {@code spikecoder verify} and the native parity tests ({@code KernelParityTest}) run, described once, as CLBlast's
 * correctness tests and benchmarks share one routine description. A case is a kernel, its sizes, a seeded input
 * generator, how to call the twin, how to launch the kernel, and which arrays to compare with which tolerance.
 *
 * <p>Sizes are awkward: 1, 7, 93, 144 and 785 (not a multiple of any work-group size), rows of 4096, several event
 * chunks; inputs all silent and all active, V exactly at threshold, a step whose every delta is 0, a short batch (3
 * samples of a capacity of 4). {@code quick} keeps the sizes up to 144 and fewer variants, for a simulated device
 * such as Oclgrind. Every case is seeded with {@link #SEED}, whatever else runs.
 *
 * <p>Each case runs at the device's own kernel sizes and, where the kernel's geometry depends on them, at the GPU
 * shape (VW = 1, reductions in work-groups of WGS) and with register blocks of 3 ({@link #shapes}). Tolerances:
 * spikes, potentials, traces, counts, event lists, the output delta and the deferred updates exactly (the kernels
 * evaluate the twins' float expressions in the same order with contraction off); the hidden delta, whose sigmoid's
 * exp may differ by an ulp between Java and the device, and the weights after the fused gradient and update
 * {@code 1e-7 + 1e-5 |expected|}; the loss (double sums in another order) 1e-9 relative.
 */
public final class KernelCases {
    /** The seed of every case's inputs (CLBlast's). */
    public static final long SEED = 42;

    private KernelCases() {
    }

    /** How close a result must be: {@code |actual - expected| <= abs + rel * |expected|}; equal bits when both 0. */
    public record Tolerance(double abs, double rel) {
        public static final Tolerance EXACT = new Tolerance(0, 0);

        @Override
        public String toString() {
            return abs == 0 && rel == 0 ? "exact" : abs + " + " + rel + " x |expected|";
        }
    }

    /** Hidden delta: the sigmoid's exp in double may differ by an ulp from the device's. */
    static final Tolerance DELTA = new Tolerance(1e-7, 1e-5);
    /** Weights after the fused gradient and update. */
    static final Tolerance WEIGHT = new Tolerance(1e-7, 1e-5);
    static final Tolerance ADAM_M = new Tolerance(1e-12, 1e-5);
    static final Tolerance ADAM_V = new Tolerance(1e-15, 1e-5);
    /** The loss: per-sample double sums on the device, one running sum in the twin. */
    static final Tolerance LOSS = new Tolerance(1e-12, 1e-9);

    /** An array the kernel writes, compared with the twin's. */
    public record Output(String name, Tolerance tolerance) {
    }

    /**
     * The named arrays of one case (float[], int[], byte[] or double[]): the generator's inputs, then what the twin
     * (on a copy) or the kernel (on another copy, through device buffers) made of them.
     */
    public static final class Data {
        private final Map<String, Object> arrays = new LinkedHashMap<>();
        private final Set<String> constants = new HashSet<>();
        private int row = 1;

        /** Adds (or replaces) an array; returns it. */
        public <T> T put(String name, T array) {
            if (!(array instanceof float[] || array instanceof int[] || array instanceof byte[]
                    || array instanceof double[])) {
                throw new IllegalArgumentException(name + ": not a float, int, byte or double array");
            }
            arrays.put(name, array);
            return array;
        }

        /** A __constant argument (powTab, c1Tab, c2Tab): uploaded without padding. */
        public float[] constant(String name, float[] array) {
            constants.add(name);
            return put(name, array);
        }

        /** The longest row that the kernels read VW floats at a time: every float buffer gets its padding. */
        public Data row(int length) {
            row = Math.max(row, length);
            return this;
        }

        public Object get(String name) {
            Object a = arrays.get(name);
            if (a == null) {
                throw new IllegalArgumentException("no array '" + name + "' in this case");
            }
            return a;
        }

        public float[] f(String name) {
            return (float[]) get(name);
        }

        public int[] i(String name) {
            return (int[]) get(name);
        }

        public byte[] b(String name) {
            return (byte[]) get(name);
        }

        public double[] d(String name) {
            return (double[]) get(name);
        }

        Data copy() {
            Data d = new Data();
            d.row = row;
            d.constants.addAll(constants);
            arrays.forEach((k, v) -> d.arrays.put(k, v instanceof float[] a ? a.clone()
                    : v instanceof int[] a ? a.clone() : v instanceof byte[] a ? a.clone() : ((double[]) v).clone()));
            return d;
        }
    }

    /** Makes a case's inputs. */
    @FunctionalInterface
    public interface Inputs {
        void make(Data d, SplittableRandom rnd);
    }

    /** Calls the twin on the case's arrays (modifying the outputs in place). */
    @FunctionalInterface
    public interface Reference {
        void run(Data d);
    }

    /** Sets the kernel's arguments from the device's copies of the arrays and launches it. */
    @FunctionalInterface
    public interface Launch {
        void run(Device dev);
    }

    /** A comparison beyond the outputs' (e.g. the transposed copy against the device's own weights). */
    @FunctionalInterface
    public interface Check {
        void check(Data expected, Data actual, String shape, Compare cmp);
    }

    /**
     * One kernel at one set of sizes.
     *
     * @param shaped whether the kernel's geometry depends on the kernel sizes (VW, JB, VB, SB, WGS_ROW): such cases
     *               run at every one of {@link #shapes}, the others at the device's own
     */
    public record Case(String kernel, String sizes, Inputs inputs, Reference twin, Launch launch,
                       List<Output> outputs, Check check, boolean shaped) {
        @Override
        public String toString() {
            return kernel + " " + sizes;
        }
    }

    /** The outcome of a case at one or more kernel sizes: the largest differences and the first failure, or null. */
    public record Result(Case test, String shapes, double maxAbs, double maxRel, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** The device copies of a case's arrays, uploaded on first use. */
    public static final class Device implements AutoCloseable {
        private final ClContext ctx;
        private final KernelSizes sizes;
        private final String kernel;
        private final Data data;
        private final Map<String, ClBuffer> buffers = new LinkedHashMap<>();

        Device(ClContext ctx, KernelSizes sizes, String kernel, Data data) {
            this.ctx = ctx;
            this.sizes = sizes;
            this.kernel = kernel;
            this.data = data;
        }

        public KernelSizes sizes() {
            return sizes;
        }

        public ClContext context() {
            return ctx;
        }

        /** The arrays that the launch may also set directly (e.g. a loss summed from per-sample accumulators). */
        public Data data() {
            return data;
        }

        /** The case's kernel, built with these sizes' defines. */
        public ClKernel kernel() {
            return ctx.program(sizes.defines()).kernel(kernel);
        }

        /**
         * The buffer of array {@code name}, created and written on first use: float arrays with the padding that
         * VW-wide loads of the case's rows need (zeros, written with the data in one host write, so that Oclgrind
         * counts all of it as initialised), __constant ones without.
         */
        public ClBuffer buf(String name) {
            ClBuffer b = buffers.get(name);
            if (b != null) {
                return b;
            }
            Object a = data.get(name);
            if (a instanceof float[] f) {
                long pad = data.constants.contains(name) ? 0 : padding(sizes, data.row);
                float[] padded = pad == 0 ? f : Arrays.copyOf(f, Math.toIntExact(f.length + pad));
                b = ctx.buffer(name, Math.max(1, padded.length) * 4L);
                b.write(padded, padded.length);
            } else if (a instanceof int[] i) {
                b = ctx.buffer(name, Math.max(1, i.length) * 4L);
                b.write(i, i.length);
            } else if (a instanceof byte[] y) {
                b = ctx.buffer(name, Math.max(1, y.length));
                b.write(y, y.length);
            } else {
                throw new IllegalArgumentException(name + ": double arrays are not uploaded");
            }
            buffers.put(name, b);
            return b;
        }

        /**
         * Floats of zeroed padding after a buffer read VW floats at a time from rows of {@code row}: what
         * {@link KernelSizes#padFloats} gives, and at least a row and max(VB, SB) vectors where register tiles run
         * at VW = 1 with VB or SB above 1 (the blocked shape of a GPU), whose tiles also overhang the last row while
         * padFloats counts none at VW = 1.
         */
        static long padding(KernelSizes s, int row) {
            long tiles = s.vb() > 1 || s.sb() > 1 ? (long) s.vw() * (row + 1 + Math.max(s.vb(), s.sb())) : 0;
            return Math.max(s.padFloats(row), tiles);
        }

        /** A zeroed buffer of {@code bytes} that is no array of the case (e.g. the loss accumulators). */
        public ClBuffer zeros(String name, long bytes) {
            ClBuffer b = ctx.buffer(name, bytes);
            b.zero();
            buffers.put(name, b);
            return b;
        }

        /** Reads array {@code name} back from its buffer, if the launch used one. */
        void download(String name) {
            ClBuffer b = buffers.get(name);
            if (b == null || !data.arrays.containsKey(name)) {
                return;
            }
            Object a = data.get(name);
            if (a instanceof float[] f) {
                b.read(f, f.length);
            } else if (a instanceof int[] i) {
                b.read(i, i.length);
            } else if (a instanceof byte[] y) {
                b.read(y, y.length);
            }
        }

        @Override
        public void close() {
            buffers.values().forEach(ClBuffer::close);
            buffers.clear();
        }
    }

    /**
     * The kernel sizes a case runs at on a device whose own are {@code own}: those, the GPU shape (VW = 1, the tiled
     * kernels, with the reductions in work-groups of WGS) where they differ, register blocks of 3 (JB rows and VB
     * vectors per gradient work-item, SB vectors per row work-item; 3 so that sizes are not multiples), the GPU
     * shape with {@link #awkwardTiles}, and on CPU devices the sizes the audiocoder trains with
     * ({@link KernelSizes#forNetwork}: row blocks in sequence, and at VW = 8 its own VB).
     */
    public static List<KernelSizes> shapes(KernelSizes own) {
        KernelSizes blocked = new KernelSizes(own.wgs(), own.wgsRow(), own.vw(), own.wgsMat(), 3, 3, 3, own.rb(),
                own.tiles());
        KernelSizes awkward = awkwardTiles(own.withVectorWidth(1));
        if (own.vw() == 1) {
            return List.of(own, blocked, awkward);
        }
        KernelSizes audiocoder = own.forNetwork(org.spikecoder.model.NetworkSpec.of(58500, 2048, 196));
        return audiocoder.equals(own) ? List.of(own, own.withVectorWidth(1), blocked, awkward)
                : List.of(own, own.withVectorWidth(1), blocked, awkward, audiocoder);
    }

    /**
     * The GPU shape with tiles that divide none of the case sizes: gradient work-groups of 8 x 3 work-items with
     * 3 x 3 weights each and two row tiles in sequence (RB = 2), rounds of 2 samples (the short batches have 3),
     * synaptic_input work-groups of 8 rows x 2 sample lanes of one sample each (two sample blocks for 3 samples) and
     * weight tiles of 32 columns (16 per event chunk), surrogate_delta and synaptic_input_t work-groups of 24
     * work-items with 3 outputs each: every tile overhangs the rows, columns or samples it covers.
     */
    public static KernelSizes awkwardTiles(KernelSizes gpu) {
        return new KernelSizes(gpu.wgs(), gpu.wgsRow(), 1, 24, 3, 3, 3, 2,
                new KernelSizes.Tiles(8, 3, 2, 8, 2, 1, 32, gpu.tiles().localBudget()));
    }

    /** A short name of kernel sizes, for reports. */
    public static String shapeName(KernelSizes s) {
        return "VW=" + s.vw() + " JB=" + s.jb() + " VB=" + s.vb() + " SB=" + s.sb() + " WGS_ROW=" + s.wgsRow()
                + (s.rb() == 1 ? "" : " RB=" + s.rb());
    }

    /** Runs case {@code c} at kernel sizes {@code sizes}. */
    public static Result run(ClContext ctx, Case c, KernelSizes sizes) {
        Compare cmp = new Compare();
        check(ctx, c, sizes, cmp, "");
        return new Result(c, shapeName(sizes), cmp.maxAbs(), cmp.maxRel(), cmp.failure());
    }

    /** Runs case {@code c} at every kernel size it runs at on this device ({@link #shapes}, or the device's own). */
    public static Result run(ClContext ctx, Case c) {
        return run(ctx, c, DeviceTuning.DEFAULT);
    }

    /** As {@link #run(ClContext, Case)}, the device's own sizes overridden by {@code tuning} ({@code verify --tune}). */
    public static Result run(ClContext ctx, Case c, DeviceTuning tuning) {
        KernelSizes own = KernelSizes.of(ctx.device(), tuning);
        List<KernelSizes> all = c.shaped() ? shapes(own) : List.of(own);
        Compare cmp = new Compare();
        for (KernelSizes s : all) {
            check(ctx, c, s, cmp, all.size() > 1 ? shapeName(s) + ": " : "");
        }
        return new Result(c, all.size() == 1 ? shapeName(own) : all.size() + " shapes", cmp.maxAbs(), cmp.maxRel(),
                cmp.failure());
    }

    private static void check(ClContext ctx, Case c, KernelSizes sizes, Compare cmp, String tag) {
        try {
            Data in = new Data();
            c.inputs().make(in, new SplittableRandom(SEED));
            Data expected = in.copy();
            c.twin().run(expected);
            Data actual = in.copy();
            try (Device dev = new Device(ctx, sizes, c.kernel(), actual)) {
                c.launch().run(dev);
                for (Output o : c.outputs()) {
                    dev.download(o.name());
                }
            }
            for (Output o : c.outputs()) {
                compare(tag + o.name(), expected.get(o.name()), actual.get(o.name()), o.tolerance(), cmp);
            }
            if (c.check() != null) {
                c.check().check(expected, actual, tag, cmp);
            }
        } catch (RuntimeException e) {
            cmp.fail(tag + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void compare(String what, Object e, Object a, Tolerance t, Compare cmp) {
        if (e instanceof float[] f) {
            cmp.close(what, f, (float[]) a, t.abs(), t.rel());
        } else if (e instanceof double[] d) {
            cmp.close(what, d, (double[]) a, d.length, t.abs(), t.rel());
        } else if (e instanceof int[] i) {
            cmp.exact(what, i, (int[]) a);
        } else {
            cmp.exact(what, (byte[]) e, (byte[]) a);
        }
    }

    // ------------------------------------------------------------------------------------------------ the cases

    private static final int[] SIZES = {1, 7, 93, 144, 785};
    private static final int[] QUICK_SIZES = {1, 7, 93, 144};

    /** Every kernel's cases; {@code quick} keeps sizes up to 144 and fewer variants, for a simulated device. */
    public static List<Case> cases(boolean quick) {
        List<Case> c = new ArrayList<>();
        int[] sizes = quick ? QUICK_SIZES : SIZES;
        poissonEncode(c, sizes, quick);
        activeInputs(c, quick);
        synapticInput(c, quick);
        lifUpdate(c, sizes, quick);
        maskedError(c, sizes, quick);
        surrogateDelta(c, quick);
        sharedTraceScale(c, quick);
        weightGradUpdate(c, quick);
        for (int post : quick ? new int[] {1, 7, 93} : new int[] {1, 7, 93, 144, 785}) {
            rowSampleLists(c, post, Deltas.HALF);
        }
        rowSampleLists(c, 93, Deltas.ZERO);
        rowSampleLists(c, 93, Deltas.NONE_ZERO);
        inputMajorUpdate(c, quick);
        adamCatchUp(c, quick);
        recordRaster(c, sizes);
        return c;
    }

    // poisson.cl

    /**
     * The input trace that the spike-making kernels advance: none (not learning), the per-neuron history (step 1 of
     * three planes in, step 2 out) or the shared trace in place.
     */
    enum TraceOut {
        NONE(""), HISTORY(", trace history 1 -> 2"), IN_PLACE(", trace in place");

        final String label;

        TraceOut(String label) {
            this.label = label;
        }

        int in(int count) {
            return this == HISTORY ? count : 0;
        }

        int out(int count) {
            return this == NONE ? -1 : this == HISTORY ? 2 * count : 0;
        }
    }

    /** The trace planes of a case (3 x count, random) and the twin of the kernel's trace update, where there is one. */
    private static void putTrace(Data d, SplittableRandom rnd, int count) {
        d.put("trace", uniform(rnd, 3 * count, 0f, 3f));
    }

    private static void twinTrace(Data d, TraceOut mode, int count, float decay) {
        if (mode != TraceOut.NONE) {
            CpuKernels.traceUpdate(d.f("trace"), mode.in(count), d.f("spikes"), count, decay, d.f("trace"),
                    mode.out(count));
        }
    }

    private static void poissonEncode(List<Case> c, int[] sizes, boolean quick) {
        for (int n : sizes) {
            poisson(c, n, 3, 1f, "random", TraceOut.HISTORY);
            if (!quick || n == 7) {
                poisson(c, n, 1, 0.3f, "random", TraceOut.NONE);
            }
        }
        poisson(c, 93, 3, 1f, "random", TraceOut.IN_PLACE);
        poisson(c, 93, 3, 1f, "all silent", TraceOut.HISTORY);
        poisson(c, 93, 3, 1f, "all active", TraceOut.HISTORY);
    }

    private static void poisson(List<Case> c, int n, int batch, float maxRate, String rates, TraceOut trace) {
        long seed = 0x1234_5678_9ABCL + n;
        int step = 7;
        int stream = 1;
        float decay = 0.9f;
        int count = batch * n;
        c.add(new Case("poisson_encode", "n=" + n + " B=" + batch + " maxRate=" + maxRate + " " + rates
                + trace.label, (d, rnd) -> {
            float[] r = d.put("rates", switch (rates) {
                case "all silent" -> new float[batch * n];
                case "all active" -> filled(batch * n, 1f);
                default -> uniform(rnd, batch * n, 0f, 1f);
            });
            r[0] = rates.equals("all active") ? 1f : 0f;
            r[r.length - 1] = rates.equals("all silent") ? 0f : 1f;
            int[] ids = d.put("ids", new int[batch]);
            for (int b = 0; b < batch; b++) {
                ids[b] = rnd.nextInt(60000);
            }
            d.put("spikes", new float[batch * n]);
            d.put("counts", counts(rnd, batch * n));
            putTrace(d, rnd, count);
        }, d -> {
            CpuKernels.poissonEncode(d.f("rates"), d.i("ids"), batch, n, step, stream, seed, maxRate, d.f("spikes"),
                    d.i("counts"));
            twinTrace(d, trace, count, decay);
        }, dev -> dev.kernel().args(dev.buf("rates"), dev.buf("ids"), batch, n, step, stream, (int) seed,
                        (int) (seed >>> 32), maxRate, dev.buf("spikes"), dev.buf("counts"), dev.buf("trace"),
                        trace.in(count), trace.out(count), decay)
                        .launch(dev.sizes().poissonItems(batch, n), dev.sizes().wgs()),
                List.of(exact("spikes"), exact("counts"), exact("trace")), null, true));
    }

    // lif.cl

    private static void activeInputs(List<Case> c, boolean quick) {
        int chunk = KernelSizes.CHUNK;
        int[] pres = quick ? new int[] {1, 7, 93, 144, chunk + 1}
                : new int[] {1, 7, 93, 144, 785, chunk + 1, 3 * chunk + 5};
        for (int pre : pres) {
            active(c, pre, 0.3);
        }
        active(c, 93, 0);
        active(c, 93, 1);
        if (!quick) {
            active(c, chunk, 1);
            active(c, 3 * chunk + 5, 0.01);
        }
    }

    private static void active(List<Case> c, int pre, double density) {
        int batch = 3;
        int nChunks = KernelSizes.chunks(pre);
        c.add(new Case("active_inputs", "pre=" + pre + " B=" + batch + " " + density(density), (d, rnd) -> {
            d.put("spikes", spikes(rnd, batch * pre, density));
            // Extents part-way through a batch: a window, none yet, and the last input only.
            d.put("extent", new int[] {5, 6, CpuKernels.NO_EXTENT[0], CpuKernels.NO_EXTENT[1], pre - 1, pre - 1});
            d.put("list", new int[batch * pre]);
            d.put("starts", new int[batch * (nChunks + 1)]);
        }, d -> CpuKernels.activeInputs(d.f("spikes"), batch, pre, KernelSizes.CHUNK, d.i("list"), d.i("starts"),
                d.i("extent")),
                dev -> dev.kernel().args(dev.buf("spikes"), batch, pre, nChunks, dev.buf("list"), dev.buf("starts"),
                        dev.buf("extent")).launch(batch, dev.sizes().wgs()),
                List.of(exact("list"), exact("starts"), exact("extent")), null, false));
    }

    private static void synapticInput(List<Case> c, boolean quick) {
        int chunk = KernelSizes.CHUNK;
        int[][] shapes = quick ? new int[][] {{1, 1}, {7, 93}, {144, 7}, {93, 144}}
                : new int[][] {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {65, 785}, {785, 3}, {4096, 5},
                        {9, 3 * chunk + 7}};
        for (boolean transposed : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                synaptic(c, transposed, s[0], s[1], 0.3);
            }
            synaptic(c, transposed, 93, 144, 0);
            synaptic(c, transposed, 93, 144, 1);
            if (!quick) {
                synaptic(c, transposed, 9, 3 * chunk + 7, 0.05);
            }
            // Samples silent in whole chunks beside samples with events, in 1, 2 and 3 event chunks: the GPU shape
            // skips a chunk in which no sample of its sample block has an event, and the flags it decides that with
            // must not be overwritten by the next block before every work-item has read them (a race Oclgrind found
            // with the awkward tiles).
            for (int pre : quick ? new int[] {93, chunk + 9} : new int[] {93, chunk + 9, 2 * chunk + 5}) {
                synaptic(c, transposed, 37, pre, 0.2, true);
            }
        }
    }

    private static void synaptic(List<Case> c, boolean transposed, int post, int pre, double density) {
        synaptic(c, transposed, post, pre, density, false);
    }

    /** With {@code silentBlocks}: 5 samples, of which 0 and 1 are silent everywhere and 3 in its first chunk. */
    private static void synaptic(List<Case> c, boolean transposed, int post, int pre, double density,
                                 boolean silentBlocks) {
        int batch = silentBlocks ? 5 : 3;
        int nChunks = KernelSizes.chunks(pre);
        c.add(new Case(transposed ? "synaptic_input_t" : "synaptic_input", post + "x" + pre + " B=" + batch + " "
                + density(density) + (silentBlocks ? " silent sample blocks" : ""), (d, rnd) -> {
                    float[] w = d.put("w", uniform(rnd, post * pre, -0.5f, 0.5f));
                    if (transposed) {
                        d.put("wt", Matrices.transpose(w, post, pre));
                    }
                    // The event lists come from the input spikes as active_inputs makes them.
                    float[] in = spikes(rnd, batch * pre, density);
                    if (silentBlocks) {
                        Arrays.fill(in, 0, 2 * pre, 0f);
                        Arrays.fill(in, 3 * pre, 3 * pre + Math.min(pre, KernelSizes.CHUNK), 0f);
                    }
                    int[] list = d.put("list", new int[batch * pre]);
                    int[] starts = d.put("starts", new int[batch * (nChunks + 1)]);
                    CpuKernels.activeInputs(in, batch, pre, KernelSizes.CHUNK, list, starts, new int[2 * batch]);
                    d.put("z", new float[batch * post]);
                    d.row(Math.max(post, pre));
                }, d -> CpuKernels.synapticInput(d.f("w"), post, pre, batch, d.i("list"), d.i("starts"), nChunks,
                        d.f("z")),
                dev -> {
                    KernelSizes ks = dev.sizes();
                    if (transposed) {
                        ks.launchSynapticT(dev.kernel().args(dev.buf("wt"), post, pre, dev.buf("list"),
                                dev.buf("starts"), nChunks, dev.buf("z")), post, batch);
                    } else {
                        ks.launchSynaptic(dev.kernel().args(dev.buf("w"), post, pre, batch, dev.buf("list"),
                                dev.buf("starts"), nChunks, dev.buf("z")), post);
                    }
                }, List.of(exact("z")), null, true));
    }

    private static void lifUpdate(List<Case> c, int[] sizes, boolean quick) {
        for (int n : sizes) {
            lif(c, n, false, "random", true, TraceOut.HISTORY);
            lif(c, n, true, "random", false, TraceOut.NONE);
        }
        lif(c, 93, false, "random", false, TraceOut.IN_PLACE);
        lif(c, 93, false, "all silent", true, TraceOut.HISTORY);
        lif(c, 93, false, "all active", true, TraceOut.HISTORY);
    }

    /**
     * lif_update on n neurons, with the bookkeeping that rides along: where {@code reset}, the previous step's spikes
     * (random) are first recorded as reset steps, and the next layer's trace advances as {@code trace} says.
     */
    private static void lif(List<Case> c, int n, boolean clamp, String input, boolean reset, TraceOut trace) {
        float th = 1f;
        float decay = 0.9f;
        int resetStep = reset ? 6 : 0;
        c.add(new Case("lif_update", "n=" + n + (clamp ? " clamp " : " ") + input
                + (reset ? ", resets of step " + resetStep : "") + trace.label, (d, rnd) -> {
            float[] v = d.put("v", uniform(rnd, n, -0.5f, 1f));
            float[] z = d.put("z", switch (input) {
                case "all silent" -> new float[n];
                case "all active" -> filled(n, th);
                default -> uniform(rnd, n, -0.5f, 1.2f);
            });
            if (!input.equals("random")) {
                Arrays.fill(v, 0f);
            }
            // V exactly at threshold (0.9 * 0 + 1 = 1 spikes), no input, and just below threshold.
            v[0] = 0f;
            z[0] = input.equals("all silent") ? 0f : th;
            if (n > 2 && input.equals("random")) {
                v[1] = 0f;
                z[1] = 0f;
                v[2] = 0f;
                z[2] = Math.nextDown(th);
            }
            d.put("vPre", new float[n]);
            d.put("spikes", spikes(rnd, n, 0.3)); // the previous step's
            d.put("counts", counts(rnd, n));
            int[] r = d.put("lastReset", new int[n]);
            for (int i = 0; i < n; i++) {
                r[i] = rnd.nextInt(resetStep + 1);
            }
            putTrace(d, rnd, n);
        }, d -> {
            if (reset) {
                CpuKernels.updateLastReset(d.f("spikes"), n, resetStep, d.i("lastReset"));
            }
            CpuKernels.lifUpdate(d.f("v"), d.f("z"), n, decay, th, clamp, d.f("vPre"), d.f("spikes"),
                    d.i("counts"));
            twinTrace(d, trace, n, decay);
        }, dev -> dev.kernel().args(dev.buf("v"), dev.buf("z"), n, decay, th, clamp, dev.buf("vPre"),
                        dev.buf("spikes"), dev.buf("counts"), dev.buf("lastReset"), resetStep, dev.buf("trace"),
                        trace.in(n), trace.out(n), decay).launch(dev.sizes().lifItems(n), dev.sizes().wgs()),
                List.of(exact("spikes"), exact("counts"), exact("v"), exact("vPre"), exact("lastReset"),
                        exact("trace")), null, true));
    }

    // loss.cl

    private static void maskedError(List<Case> c, int[] sizes, boolean quick) {
        for (int n : sizes) {
            masked(c, n, true, false);
            if (!quick || n == 93) {
                masked(c, n, false, false);
            }
        }
        masked(c, 93, true, true);
    }

    /** Targets laid out like the audiocoder's B x Th x n maps, read at step offset k. */
    private static void masked(List<Case> c, int n, boolean mask, boolean spikesAreTargets) {
        float th = 1f;
        int batch = 4;
        int steps = 3;
        int k = 2;
        c.add(new Case("masked_error", "n=" + n + " B=" + batch + (mask ? " mask" : " no mask")
                + (spikesAreTargets ? " spikes = targets (every delta 0)" : ""), (d, rnd) -> {
                    float[] targets = d.put("targets", spikes(rnd, batch * steps * n, 0.3));
                    float[] out = d.put("out", spikes(rnd, batch * n, 0.3));
                    if (spikesAreTargets) {
                        for (int b = 0; b < batch; b++) {
                            System.arraycopy(targets, (b * steps + k) * n, out, b * n, n);
                        }
                    }
                    d.put("vPre", uniform(rnd, batch * n, -0.5f, 1f));
                    d.put("delta", new float[batch * n]);
                    d.put("loss", new double[1]);
                }, d -> d.d("loss")[0] = CpuKernels.maskedError(d.f("targets"), steps * n, k * n, d.f("out"),
                        d.f("vPre"), n, batch, th, mask, d.f("delta")),
                dev -> {
                    KernelSizes ks = dev.sizes();
                    ClBuffer acc = dev.zeros("lossAcc", batch * 8L);
                    dev.kernel().args(dev.buf("targets"), steps * n, k * n, dev.buf("out"), dev.buf("vPre"), n, th,
                            mask, dev.buf("delta"), acc).launch((long) batch * ks.wgsRow(), ks.wgsRow());
                    // One accumulator per sample: double where the device has fp64 (acc_t in common.cl), else float.
                    double sum = 0;
                    if (dev.context().device().fp64()) {
                        double[] l = new double[batch];
                        acc.read(l, batch);
                        for (double x : l) {
                            sum += x;
                        }
                    } else {
                        float[] l = new float[batch];
                        acc.read(l, batch);
                        for (float x : l) {
                            sum += x;
                        }
                    }
                    dev.data().d("loss")[0] = sum;
                }, List.of(exact("delta"), new Output("loss", LOSS)), null, true));
    }

    private static void surrogateDelta(List<Case> c, boolean quick) {
        int[][] shapes = quick ? new int[][] {{1, 1}, {7, 93}, {144, 7}, {93, 144}}
                : new int[][] {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {785, 65}, {5, 785}};
        for (int[] s : shapes) {
            surrogate(c, s[0], s[1], false);
        }
        surrogate(c, 93, 144, true);
    }

    private static void surrogate(List<Case> c, int postNext, int pre, boolean allZero) {
        float th = 1f;
        int batch = 3;
        c.add(new Case("surrogate_delta", postNext + "->" + pre + " B=" + batch + (allZero ? " every delta 0" : ""),
                (d, rnd) -> {
                    d.put("w", uniform(rnd, postNext * pre, -0.3f, 0.3f));
                    float[] dn = d.put("deltaNext", uniform(rnd, batch * postNext, -1f, 1f));
                    for (int i = 0; i < dn.length; i++) {
                        if (allZero || rnd.nextDouble() < 0.85) {
                            dn[i] = 0f; // the mask zeroes most output deltas
                        }
                    }
                    float[] vPre = d.put("vPre", uniform(rnd, batch * pre, -1f, 1f));
                    vPre[0] = th;
                    d.put("delta", new float[batch * pre]);
                    d.row(Math.max(postNext, pre));
                }, d -> CpuKernels.surrogateDelta(d.f("w"), postNext, pre, d.f("deltaNext"), d.f("vPre"), batch, th,
                        d.f("delta")),
                dev -> dev.sizes().launchSurrogate(dev.kernel().args(dev.buf("w"), postNext, pre, dev.buf("deltaNext"),
                        dev.buf("vPre"), th, dev.buf("delta")), pre, batch),
                List.of(new Output("delta", DELTA)), null, true));
    }

    // grad.cl

    private static void sharedTraceScale(List<Case> c, boolean quick) {
        int[][] shapes = quick ? new int[][] {{1, 1}, {7, 93}, {144, 1}}
                : new int[][] {{1, 1}, {7, 93}, {93, 785}, {144, 1}, {785, 93}, {144, 4096}};
        for (int[] s : shapes) {
            sharedScale(c, s[0], s[1], false);
        }
        sharedScale(c, 93, 144, true);
    }

    private static void sharedScale(List<Case> c, int pre, int post, boolean silent) {
        int batch = 3;
        float divisor = 784f;
        c.add(new Case("shared_trace_scale", "pre=" + pre + " post=" + post + " B=" + batch
                + (silent ? " no post spikes" : ""), (d, rnd) -> {
                    d.put("trace", uniform(rnd, batch * pre, 0f, 3f));
                    float[] s = d.put("spikesPost", silent ? new float[batch * post] : spikes(rnd, batch * post, 0.2));
                    if (!silent) {
                        Arrays.fill(s, 0, post, 1f); // a sample whose whole layer spikes
                    }
                }, d -> CpuKernels.sharedTraceScale(d.f("trace"), d.f("spikesPost"), batch, pre, post, divisor),
                dev -> dev.kernel().args(dev.buf("trace"), dev.buf("spikesPost"), pre, post, divisor)
                        .launch((long) batch * dev.sizes().wgsRow(), dev.sizes().wgsRow()),
                List.of(exact("trace")), null, true));
    }

    /** The optimiser's constants of the fused-update cases (Adam at step 3 of a batch). */
    private record Optimiser(float lr, float b1, float b2, float eps, float wd, float c1, float c2) {
        static final Optimiser CASES = new Optimiser(5e-4f, 0.9f, 0.999f, 1e-8f, 1e-4f,
                AdamBias.firstMoment(0.9f, 3), AdamBias.secondMoment(0.999f, 3));

        void update(float[] w, float[] m, float[] v, int k, float g, Update u) {
            CpuKernels.weightUpdate(w, m, v, k, g, lr, b1, b2, eps, wd, c1, c2, u.adam(), u.first());
        }
    }

    /** powTab: decay^k for k = 0..steps, by repeated multiplication as the host computes it. */
    private static void putPowers(Data d, float decay, int steps) {
        float[] pow = d.constant("powTab", new float[steps + 1]);
        for (int k = 0; k <= steps; k++) {
            pow[k] = CpuKernels.pow(decay, k);
        }
    }

    /** Weights {@code name} with Adam moments m and v: the last ones about to be flushed to 0, and one already 0. */
    private static void putWeights(Data d, SplittableRandom rnd, String name, int count) {
        float[] w = d.put(name, uniform(rnd, count, -0.2f, 0.2f));
        float[] tiny = {0f, 1e-12f, -1.5e-12f, 3e-13f, Float.MIN_NORMAL}; // CpuKernels.WEIGHT_FLUSH
        for (int i = 0; i < tiny.length && i < count; i++) {
            w[count - 1 - i] = tiny[i];
        }
        d.put("m", uniform(rnd, count, -1e-3f, 1e-3f));
        d.put("v", uniform(rnd, count, 0f, 1e-5f));
    }

    /** The flush of tiny weights: zero exactly where the twin's are, and no subnormal left. */
    private static void checkFlush(Data expected, Data actual, String name, int count, String tag, Compare cmp) {
        float[] ew = expected.f(name);
        float[] gw = actual.f(name);
        for (int i = 0; i < count; i++) {
            if ((ew[i] == 0f) != (gw[i] == 0f) || (gw[i] != 0f && Math.abs(gw[i]) < Float.MIN_NORMAL)) {
                cmp.fail(tag + name + "[" + i + "]: expected " + ew[i] + " got " + gw[i] + " (the flush of tiny"
                        + " weights)");
                return;
            }
        }
    }

    /** Optimiser settings of a fused-update case: Adam (moments read as 0 at the batch's first step) or SGD. */
    private record Update(boolean adam, boolean first, boolean writeT) {
        String label() {
            return (adam ? "adam" : "sgd") + (first ? " first" : "") + (writeT ? " writeT" : "");
        }
    }

    private static void weightGradUpdate(List<Case> c, boolean quick) {
        int[][] shapes = quick ? new int[][] {{1, 1}, {7, 93}, {144, 7}}
                : new int[][] {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {11, 785}, {3, 4096}};
        List<Update> updates = List.of(new Update(true, false, true), new Update(true, true, false),
                new Update(false, false, true));
        for (boolean perNeuron : new boolean[] {true, false}) {
            for (int i = 0; i < shapes.length; i++) {
                for (Update u : updates) {
                    if (!quick || i == 1 || u.equals(updates.get(0))) {
                        fused(c, perNeuron, shapes[i][0], shapes[i][1], u, false, true, false);
                    }
                }
                if (perNeuron) {
                    // The same tiles listing their samples themselves (a layer of few column blocks).
                    fused(c, true, shapes[i][0], shapes[i][1], updates.get(0), false, false, false);
                }
            }
            // A step whose every delta is 0: only the update (weight decay, moments) moves W.
            fused(c, perNeuron, quick ? 7 : 93, quick ? 93 : 144, updates.get(0), true, true, false);
            if (perNeuron) {
                fused(c, true, quick ? 7 : 93, quick ? 93 : 144, updates.get(0), true, false, false);
            }
            if (!quick) {
                fused(c, perNeuron, 93, 144, updates.get(2), true, true, false);
            }
            // Live extents that end a tile or start one, for the tile widths the CPU shapes take (VB x VW = 104,
            // 96, 208): a sample skipped one input too early or too late changes the sums.
            fused(c, perNeuron, 7, 300, updates.get(0), false, true, true);
            if (perNeuron) {
                fused(c, true, 7, 300, updates.get(0), false, false, true);
            }
        }
    }

    /**
     * The fused gradient and update on a short batch (3 samples of a capacity of 4: the history keeps the
     * capacity's stride), half the deltas 0, and three samples' live extents: everything, nothing yet, and a window
     * inside the row (traces outside an extent are 0, as active_inputs guarantees; the kernel skips them); with
     * {@code edgeExtents} instead [103, 104], [95, 96] and [207, 208], each the last input of one tile and the first
     * of the next at some CPU tile width. The twin is the gradient, then {@link CpuKernels#weightUpdate} per weight.
     */
    private static void fused(List<Case> c, boolean perNeuron, int post, int pre, Update u, boolean zeroDeltas,
                              boolean listed, boolean edgeExtents) {
        int steps = 6;
        int t = 5;
        float decay = 0.9f;
        int cap = 4;
        int batch = 3;
        int count = post * pre;
        Optimiser o = Optimiser.CASES;
        String kernel = perNeuron ? "weight_grad_per_neuron_update" : "weight_grad_shared_update";
        c.add(new Case(kernel, post + "x" + pre + " B=3 of 4 " + u.label() + (zeroDeltas ? " every delta 0" : "")
                + (perNeuron ? (listed ? " listed" : " self-listed") : "")
                + (edgeExtents ? " extents at tile edges" : ""),
                (d, rnd) -> {
                    float[] delta = d.put("delta", uniform(rnd, batch * post, -1f, 1f));
                    for (int i = 0; i < delta.length; i++) {
                        if (zeroDeltas || rnd.nextDouble() < 0.5) {
                            delta[i] = 0f;
                        }
                    }
                    int[] extent = d.put("extent", edgeExtents ? new int[] {103, 104, 95, 96, 207, 208}
                            : liveExtents(pre));
                    if (perNeuron) {
                        float[] hist = d.put("hist", uniform(rnd, (steps + 1) * cap * pre, 0f, 3f));
                        Arrays.fill(hist, 0, cap * pre, 0f);
                        zeroOutside(hist, extent, steps + 1, cap, batch, pre);
                        int[] last = d.put("lastReset", new int[batch * post]);
                        for (int i = 0; i < last.length; i++) {
                            last[i] = rnd.nextInt(t); // 0 (never reset) .. t-1
                        }
                        putPowers(d, decay, steps);
                    } else {
                        float[] q = d.put("trace", uniform(rnd, batch * pre, 0f, 3f));
                        zeroOutside(q, extent, 1, batch, batch, pre);
                    }
                    putWeights(d, rnd, "w", count);
                    d.put("wt", new float[count]);
                    d.row(Math.max(pre, post));
                }, d -> {
                    float[] g = new float[count];
                    if (perNeuron) {
                        CpuKernels.weightGradPerNeuron(d.f("delta"), d.f("hist"), d.i("lastReset"), t, decay, batch,
                                cap, post, pre, g);
                    } else {
                        CpuKernels.weightGradShared(d.f("delta"), d.f("trace"), batch, post, pre, g);
                    }
                    float[] w = d.f("w");
                    float[] m = d.f("m");
                    float[] v = d.f("v");
                    for (int k = 0; k < count; k++) {
                        o.update(w, m, v, k, g[k], u);
                    }
                    if (u.writeT()) {
                        d.put("wt", Matrices.transpose(w, post, pre));
                    }
                }, dev -> {
                    KernelSizes ks = dev.sizes();
                    ClKernel k = dev.kernel();
                    Object[] tail = {dev.buf("w"), dev.buf("m"), dev.buf("v"), o.lr, o.b1, o.b2, o.eps, o.wd, o.c1,
                            o.c2, u.adam(), u.first(), dev.buf("wt"), u.writeT(), 0, (int) ks.gradItems(pre)};
                    Object[] head = perNeuron
                            ? new Object[] {dev.buf("delta"), dev.buf("hist"), dev.buf("lastReset"), dev.buf("extent"),
                                dev.buf("powTab"), t, batch, cap, post, pre, 1f / batch}
                            : new Object[] {dev.buf("delta"), dev.buf("trace"), dev.buf("extent"), batch, post, pre,
                                1f / batch};
                    Object[] args = Arrays.copyOf(head, head.length + tail.length);
                    System.arraycopy(tail, 0, args, head.length, tail.length);
                    if (perNeuron) {
                        boolean lists = listed && ks.vw() > 1;
                        args = Arrays.copyOf(args, args.length + 3);
                        args[args.length - 3] = sampleLists(dev, post, pre, batch, cap, t, lists);
                        args[args.length - 2] = dev.buf("sampleCounts");
                        args[args.length - 1] = lists;
                    }
                    ks.launchGrad(k.args(args), pre, post);
                }, u.adam() ? List.of(new Output("w", WEIGHT), new Output("m", ADAM_M), new Output("v", ADAM_V),
                        new Output("wt", WEIGHT)) : List.of(new Output("w", WEIGHT), new Output("wt", WEIGHT)),
                (expected, actual, tag, cmp) -> {
                    float[] gw = actual.f("w");
                    checkFlush(expected, actual, "w", count, tag, cmp);
                    // WT must hold the device's updated W bit for bit (or stay untouched without writeT).
                    cmp.exact(tag + "wt against the device's w", u.writeT() ? Matrices.transpose(gw, post, pre)
                            : new float[count], actual.f("wt"), count);
                }, true));
    }

    /**
     * The row block sample lists that the CPU shape of weight_grad_per_neuron_update reads, made on the device by
     * row_sample_lists as OpenClBackend makes them each step, or placeholders where the kernel does not read them
     * (listed = false, and the GPU shape, which stages its own scalars). Leaves the counts in buffer "sampleCounts".
     */
    private static ClBuffer sampleLists(Device dev, int post, int pre, int batch, int cap, int t, boolean listed) {
        KernelSizes ks = dev.sizes();
        if (!listed) {
            dev.zeros("sampleCounts", 4);
            return dev.zeros("sampleLists", 4);
        }
        ClBuffer lists = dev.zeros("sampleLists", ks.sampleListWords(post, batch) * 4);
        ClBuffer counts = dev.zeros("sampleCounts", ks.rowBlocks(post) * 4);
        ks.launchSampleLists(dev.context().program(ks.defines()).kernel("row_sample_lists")
                .args(dev.buf("delta"), dev.buf("lastReset"), dev.buf("powTab"), t, batch, cap, post, pre,
                        1f / batch, lists, counts), post);
        return lists;
    }

    /** Whether a sample-list case's deltas are 0 at random (half of them), all 0, or none 0. */
    enum Deltas { HALF, ZERO, NONE_ZERO }

    /**
     * row_sample_lists on a short batch (3 samples of a capacity of 4: the offsets keep the capacity's stride),
     * reset steps 0..t-1. Its layout depends on JB, so the twin runs in the check, at the JB the launch used.
     */
    private static void rowSampleLists(List<Case> c, int post, Deltas deltas) {
        int steps = 6;
        int t = 5;
        float decay = 0.9f;
        int cap = 4;
        int batch = 3;
        int pre = 11;
        c.add(new Case("row_sample_lists", post + " rows B=3 of 4" + switch (deltas) {
            case HALF -> "";
            case ZERO -> " every delta 0";
            case NONE_ZERO -> " no delta 0";
        }, (d, rnd) -> {
            float[] delta = d.put("delta", uniform(rnd, batch * post, -1f, 1f));
            for (int i = 0; i < delta.length; i++) {
                if (deltas == Deltas.ZERO || deltas == Deltas.HALF && rnd.nextDouble() < 0.5) {
                    delta[i] = 0f;
                } else if (delta[i] == 0f) {
                    delta[i] = 0.5f;
                }
            }
            int[] last = d.put("lastReset", new int[batch * post]);
            for (int i = 0; i < last.length; i++) {
                last[i] = rnd.nextInt(t); // 0 (never reset) .. t-1
            }
            putPowers(d, decay, steps);
            d.row(post);
        }, d -> { }, dev -> {
            KernelSizes ks = dev.sizes();
            // Sized for this launch's JB, which the check reads back with the lists.
            dev.data().put("jb", new int[] {ks.jb()});
            dev.data().put("lists", new int[Math.toIntExact(ks.sampleListWords(post, batch))]);
            dev.data().put("counts", new int[Math.toIntExact(ks.rowBlocks(post))]);
            ks.launchSampleLists(dev.kernel().args(dev.buf("delta"), dev.buf("lastReset"), dev.buf("powTab"), t,
                    batch, cap, post, pre, 1f / batch, dev.buf("lists"), dev.buf("counts")), post);
            dev.download("lists");
            dev.download("counts");
        }, List.of(), (expected, actual, tag, cmp) -> {
            int jb = actual.i("jb")[0];
            int[] lists = new int[actual.i("lists").length];
            int[] counts = new int[actual.i("counts").length];
            CpuKernels.rowSampleLists(expected.f("delta"), expected.i("lastReset"), t, decay, batch, cap, post, pre,
                    1f / batch, jb, lists, counts);
            cmp.exact(tag + "counts", counts, actual.i("counts"));
            cmp.exact(tag + "lists", lists, actual.i("lists"));
        }, true));
    }

    /** Which inputs of an input-major case have spiked: some at random, none, or all of them. */
    enum Liveness { SOME, NONE, ALL }

    private static void inputMajorUpdate(List<Case> c, boolean quick) {
        // Rows of 1, 2 and 3 vectors past the last whole pass of IM_J = 4 at VW = 16 (7, 17, 100 post neurons),
        // VW = 8 (7, 144, 54) and VW = 1 (93, 54, 7).
        int[][] shapes = quick ? new int[][] {{1, 1}, {7, 93}, {93, 7}, {100, 7}}
                : new int[][] {{1, 1}, {7, 93}, {93, 7}, {144, 93}, {785, 11}, {4096, 3}, {17, 785}, {100, 93},
                        {54, 13}};
        List<Update> updates = List.of(new Update(true, false, false), new Update(true, true, false),
                new Update(false, false, false));
        for (int i = 0; i < shapes.length; i++) {
            for (Update u : updates) {
                if (!quick || i == 1 || u.equals(updates.get(0))) {
                    inputMajor(c, shapes[i][0], shapes[i][1], u, Liveness.SOME, false, 5);
                }
            }
        }
        // The last step of a 15-step window: all 16 history slots in use.
        inputMajor(c, quick ? 93 : 144, quick ? 7 : 93, updates.get(0), Liveness.SOME, false, 15);
        inputMajor(c, 93, 7, updates.get(0), Liveness.NONE, false, 5);
        inputMajor(c, 7, 93, updates.get(0), Liveness.ALL, false, 5);
        inputMajor(c, quick ? 7 : 93, quick ? 93 : 144, updates.get(0), Liveness.SOME, true, 5);
        int[][] rows = quick ? new int[][] {{1, 1}, {3, 31}} : new int[][] {{1, 1}, {3, 31}, {5, 157}, {2, 196}};
        for (int[] r : rows) {
            scaledDeltas(c, r[0], r[1], rowStride(r[1]), 5);
        }
        scaledDeltas(c, 4, 36, 36, 15);
    }

    /** The aligned rows of scaled_deltas's outputs at the widest VW (16), which serve every narrower one too. */
    private static int rowStride(int post) {
        return KernelSizes.inputMajorRowStride(post, 16);
    }

    /**
     * scaled_deltas over batch x post (sample, neuron) pairs at step t, written into rows of stride: reset steps
     * 0..t-1, a fifth of the deltas 0; the rows' ends (stride > post) must keep what they held.
     */
    private static void scaledDeltas(List<Case> c, int batch, int post, int stride, int t) {
        float decay = 0.9f;
        float invB = 1f / 3;
        int n = batch * post;
        c.add(new Case("scaled_deltas", batch + "x" + post + " rows of " + stride + " t=" + t, (d, rnd) -> {
            float[] delta = d.put("delta", uniform(rnd, n, -1f, 1f));
            for (int i = 0; i < n; i++) {
                if (rnd.nextDouble() < 0.2) {
                    delta[i] = 0f;
                }
            }
            int[] last = d.put("lastReset", new int[n]);
            for (int i = 0; i < n; i++) {
                last[i] = rnd.nextInt(t);
            }
            putPowers(d, decay, t);
            d.put("ds", uniform(rnd, batch * stride, -9f, 9f));
            d.put("dr", uniform(rnd, batch * stride, -9f, 9f));
            int[] rs = d.put("rs", new int[batch * stride]);
            for (int i = 0; i < rs.length; i++) {
                rs[i] = -1 - rnd.nextInt(9);
            }
        }, d -> CpuKernels.scaledDeltas(d.f("delta"), d.i("lastReset"), t, decay, batch, post, stride, invB, d.f("ds"),
                d.f("dr"), d.i("rs")),
                dev -> dev.sizes().launchScaledDeltas(dev.kernel().args(dev.buf("delta"), dev.buf("lastReset"),
                        dev.buf("powTab"), t, batch, post, stride, invB, dev.buf("ds"), dev.buf("dr"), dev.buf("rs")),
                        batch, post),
                List.of(exact("ds"), exact("dr"), exact("rs")), null, true));
    }

    /**
     * weight_grad_input_major_update on a short batch (3 samples of a capacity of 4) at step t: the twin is the
     * per-neuron gradient (post x pre) and then {@link CpuKernels#weightUpdate} of each weight at its place in WT
     * (pre x post), where the kernel keeps W, m and v. The inputs are what the earlier steps leave: an input that has
     * not spiked has a zero trace at every step and zeros in its history slots up to t (slots past t hold leftovers
     * the kernel must never use); one that has spiked has a positive trace from then on and its trace history in
     * slots 0..t-1 (pre x Bcap x 16), which the kernel completes with slot t. Half the deltas are 0, reset steps
     * 0..t-1, and the scaled deltas and reset steps come in rows of whole vectors (scaled_deltas's layout).
     */
    private static void inputMajor(List<Case> c, int post, int pre, Update u, Liveness liveness, boolean zeroDeltas,
                                   int t) {
        int steps = t;
        float decay = 0.9f;
        int cap = 4;
        int batch = 3;
        int count = post * pre;
        Optimiser o = Optimiser.CASES;
        int slots = OpenClBackend.HIST_SLOTS;
        String label = post + "x" + pre + " B=3 of 4 t=" + t + " " + u.label()
                + (liveness == Liveness.SOME ? "" : liveness == Liveness.NONE ? " no input spiked"
                        : " every input spiked")
                + (zeroDeltas ? " every delta 0" : "");
        c.add(new Case("weight_grad_input_major_update", label, (d, rnd) -> {
            float[] delta = d.put("delta", uniform(rnd, batch * post, -1f, 1f));
            for (int i = 0; i < delta.length; i++) {
                if (zeroDeltas || rnd.nextDouble() < 0.5) {
                    delta[i] = 0f;
                }
            }
            float[] hist = d.put("hist", new float[(steps + 1) * cap * pre]);
            // Whole blocks of IM_I inputs: the rows past the last input hold leftovers the kernel may read, never store.
            int rows = (int) KernelSizes.inputMajorRows(pre);
            float[] cols = d.put("histCols", uniform(rnd, rows * cap * slots, 5f, 9f));
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < pre; i++) {
                    int pair = i * cap + b;
                    boolean live = liveness == Liveness.ALL || liveness == Liveness.SOME && rnd.nextDouble() < 0.4;
                    // A live input first spiked at some step 1..t; its trace is 0 before, positive from then on.
                    int first = live ? 1 + rnd.nextInt(t) : Integer.MAX_VALUE;
                    for (int s = 0; s <= t; s++) {
                        float x = s >= first ? 0.5f + 2.5f * (float) rnd.nextDouble() : 0f;
                        hist[(s * cap + b) * pre + i] = x;
                        if (s < t || !live) {
                            cols[pair * slots + s] = s < t ? x : 0f;
                        }
                    }
                }
            }
            int[] last = d.put("lastReset", new int[batch * post]);
            for (int i = 0; i < batch * post; i++) {
                last[i] = rnd.nextInt(t); // 0 (never reset) .. t-1
            }
            // The factors scaled_deltas makes of the deltas (its own cases check it), in the same aligned rows.
            int stride = rowStride(post);
            float[] ds = d.put("ds", new float[batch * stride]);
            float[] dr = d.put("dr", new float[batch * stride]);
            int[] rs = d.put("rs", new int[batch * stride]);
            CpuKernels.scaledDeltas(delta, last, t, decay, batch, post, stride, 1f / batch, ds, dr, rs);
            putWeights(d, rnd, "wt", count);
            d.row(Math.max(pre, post));
        }, d -> {
            float[] g = new float[count];
            CpuKernels.weightGradPerNeuron(d.f("delta"), d.f("hist"), d.i("lastReset"), t, decay, batch, cap, post,
                    pre, g);
            float[] wt = d.f("wt");
            float[] m = d.f("m");
            float[] v = d.f("v");
            for (int j = 0; j < post; j++) {
                for (int i = 0; i < pre; i++) {
                    o.update(wt, m, v, i * post + j, g[j * pre + i], u);
                }
            }
            float[] hist = d.f("hist");
            float[] cols = d.f("histCols");
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < pre; i++) {
                    float now = hist[(t * cap + b) * pre + i];
                    if (now != 0f) {
                        cols[(i * cap + b) * slots + t] = now;
                    }
                }
            }
        }, dev -> {
            KernelSizes ks = dev.sizes();
            ClBuffer lists = dev.zeros("liveList", Math.max(1, KernelSizes.inputMajorItems(pre) * cap) * 4L);
            ks.launchInputMajor(dev.kernel().args(dev.buf("ds"), dev.buf("dr"), dev.buf("hist"), dev.buf("histCols"),
                    dev.buf("rs"), lists, t, batch, cap, post, rowStride(post), pre, dev.buf("wt"),
                    dev.buf("m"), dev.buf("v"), o.lr, o.b1, o.b2, o.eps, o.wd, o.c1, o.c2, u.adam(), u.first()),
                    pre);
        }, u.adam() ? List.of(new Output("wt", WEIGHT), new Output("m", ADAM_M), new Output("v", ADAM_V),
                exact("histCols")) : List.of(new Output("wt", WEIGHT), exact("histCols")),
                (expected, actual, tag, cmp) -> checkFlush(expected, actual, "wt", count, tag, cmp), true));
    }

    /** Extents of three samples: everything, nothing yet, and a window that starts and ends inside the row. */
    private static int[] liveExtents(int pre) {
        return new int[] {0, pre - 1, CpuKernels.NO_EXTENT[0], CpuKernels.NO_EXTENT[1], pre / 3,
                Math.max(pre / 3, pre - 1 - pre / 4)};
    }

    /** Zeroes the traces of each sample outside its live extent, in every one of {@code steps} step planes. */
    private static void zeroOutside(float[] trace, int[] extent, int steps, int cap, int batch, int pre) {
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < pre; i++) {
                    if (i < extent[2 * b] || i > extent[2 * b + 1]) {
                        trace[(s * cap + b) * pre + i] = 0f;
                    }
                }
            }
        }
    }

    // optim.cl

    private static void adamCatchUp(List<Case> c, boolean quick) {
        int[][] shapes = quick ? new int[][] {{1, 1, 0, 1}, {7, 93, 0, 40}, {3, 144, 10, 11}}
                : new int[][] {{1, 1, 0, 1}, {7, 93, 0, 40}, {5, 785, 700, 785}, {3, 144, 10, 11}};
        for (int[] s : shapes) {
            catchUp(c, s, true, 1, 7);
            catchUp(c, s, true, 3, 5);
            if (!quick || s[1] == 93) {
                catchUp(c, s, false, 1, 7);
            }
        }
    }

    /** Columns colFrom..colTo-1 at either end of the row and inside it; steps from the batch's first or later. */
    private static void catchUp(List<Case> c, int[] shape, boolean adam, int stepFrom, int stepTo) {
        int post = shape[0];
        int pre = shape[1];
        int colFrom = shape[2];
        int colTo = shape[3];
        int steps = 7;
        int count = post * pre;
        float lr = 5e-4f;
        float b1 = 0.9f;
        float b2 = 0.999f;
        float eps = 1e-8f;
        float wd = 1e-4f;
        int first = 1;
        c.add(new Case("adam_catch_up", post + "x" + pre + " cols " + colFrom + ".." + colTo + " steps " + stepFrom
                + ".." + stepTo + (adam ? " adam" : " sgd"), (d, rnd) -> {
                    float[] c1 = d.constant("c1", new float[steps + 1]);
                    float[] c2 = d.constant("c2", new float[steps + 1]);
                    for (int t = 1; t <= steps; t++) {
                        c1[t] = AdamBias.firstMoment(b1, t);
                        c2[t] = AdamBias.secondMoment(b2, t);
                    }
                    float[] w = d.put("w", uniform(rnd, count, -0.2f, 0.2f));
                    w[count - 1] = 1.5e-12f; // about to be flushed to 0
                    d.put("m", uniform(rnd, count, -1e-3f, 1e-3f));
                    d.put("v", uniform(rnd, count, 0f, 1e-5f));
                    d.row(pre);
                }, d -> CpuKernels.adamCatchUp(d.f("w"), d.f("m"), d.f("v"), post, pre, colFrom, colTo, stepFrom,
                        stepTo, d.f("c1"), d.f("c2"), lr, b1, b2, eps, wd, adam, first),
                dev -> dev.kernel().args(dev.buf("w"), dev.buf("m"), dev.buf("v"), post, pre, colFrom, colTo, stepFrom,
                        stepTo, dev.buf("c1"), dev.buf("c2"), lr, b1, b2, eps, wd, adam, first)
                        .launch(dev.sizes().catchUpItems(colTo - colFrom), post, dev.sizes().wgsMat()),
                List.of(exact("w"), exact("m"), exact("v")), null, true));
    }

    // reduce.cl

    private static void recordRaster(List<Case> c, int[] sizes) {
        int steps = 4;
        for (int k = 0; k < sizes.length; k++) {
            int n = sizes[k];
            int t = 1 + k % steps;
            int batch = 3;
            c.add(new Case("record_raster", "n=" + n + " B=" + batch + " T=" + steps + " t=" + t, (d, rnd) -> {
                d.put("spikes", spikes(rnd, batch * n, 0.5));
                byte[] raster = d.put("raster", new byte[batch * steps * n]);
                Arrays.fill(raster, (byte) 7); // the other steps must stay as they are
            }, d -> CpuKernels.recordRaster(d.f("spikes"), batch, n, steps, t, d.b("raster")),
                    dev -> dev.kernel().args(dev.buf("spikes"), batch, n, steps, t, dev.buf("raster"))
                            .launch((long) batch * n, dev.sizes().wgs()),
                    List.of(exact("raster")), null, false));
        }
    }

    // ------------------------------------------------------------------------------------------------ inputs

    private static Output exact(String name) {
        return new Output(name, Tolerance.EXACT);
    }

    private static String density(double p) {
        return p == 0 ? "all silent" : p == 1 ? "all active" : "density " + p;
    }

    private static float[] uniform(SplittableRandom rnd, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * (float) rnd.nextDouble();
        }
        return a;
    }

    private static float[] filled(int n, float x) {
        float[] a = new float[n];
        Arrays.fill(a, x);
        return a;
    }

    /** 0/1 spikes with probability {@code p}. */
    private static float[] spikes(SplittableRandom rnd, int n, double p) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() < p ? 1f : 0f;
        }
        return a;
    }

    /** Running spike counts as a batch has them part-way: 0..9. */
    private static int[] counts(SplittableRandom rnd, int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = rnd.nextInt(10);
        }
        return c;
    }
}
