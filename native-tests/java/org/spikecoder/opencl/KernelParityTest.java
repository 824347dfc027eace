package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.spikecoder.opencl.NativeTestSupport.assertClose;
import static org.spikecoder.opencl.NativeTestSupport.assertExact;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spikecoder.cpu.CpuKernels;

/**
 * Every kernel of kernels/*.cl against its Java twin in {@link CpuKernels}, on random and edge inputs (all silent,
 * all spiking, V exactly at threshold, zero deltas) and awkward sizes (1, 7, 93, 144 and 785, which is not a
 * multiple of the work-group size). Seed 42.
 *
 * <p>Tolerances: spikes, potentials, traces, counts and deltas of the forward pass are compared exactly (the kernels
 * evaluate the same float expressions in the same order with contraction off). The hidden delta uses a sigmoid
 * whose exp may differ by an ulp between Java and the device: |d| <= 1e-7 + 1e-5 |expected|. Weights after the
 * fused gradient and update: |d| <= 1e-7 + 1e-5 |expected|. The loss (double sums in another order): 1e-9
 * relative.
 */
class KernelParityTest {
    /** Kernels with a test in this class; {@link KernelCoverageTest} checks that it lists every kernel. */
    static final List<String> TESTED = List.of("poisson_encode", "active_inputs", "synaptic_input", "synaptic_input_t", "lif_update", "masked_error",
            "surrogate_delta", "trace_update", "update_last_reset", "shared_trace_scale",
            "weight_grad_per_neuron_update", "weight_grad_shared_update", "adam_catch_up",
            "record_raster");

    private static final int[] SIZES = {1, 7, 93, 144, 785};
    private static final double DELTA_ABS = 1e-7;
    private static final double DELTA_REL = 1e-5;
    private static final double WEIGHT_ABS = 1e-7;
    private static final double WEIGHT_REL = 1e-5;

    private final SplittableRandom rnd = new SplittableRandom(42);

    // ---------------------------------------------------------------- helpers

    /** Largest row in these tests: every float buffer gets the padding that VW-wide loads of such rows need. */
    private static final int MAX_ROW = 4096;

    private static ClBuffer up(float[] a) {
        ClBuffer b = NativeTestSupport.context().buffer("test data",
                (a.length + new KernelSizes(1, 1, 16, 1, 1).padFloats(MAX_ROW)) * 4L);
        b.zero();
        b.write(a, a.length);
        return b;
    }

    /** Without padding: __constant arguments (powTab) must fit the device's constant buffer (64 KiB on some). */
    private static ClBuffer upExact(float[] a) {
        ClBuffer b = NativeTestSupport.context().buffer("test data", a.length * 4L);
        b.write(a, a.length);
        return b;
    }

    private static ClBuffer up(int[] a) {
        ClBuffer b = NativeTestSupport.context().buffer("test data", a.length * 4L);
        b.write(a, a.length);
        return b;
    }

    private static float[] down(ClBuffer b, int n) {
        float[] a = new float[n];
        b.read(a, n);
        return a;
    }

    private static int[] downInt(ClBuffer b, int n) {
        int[] a = new int[n];
        b.read(a, n);
        return a;
    }

    private static ClKernel kernel(String name) {
        return NativeTestSupport.program().kernel(name);
    }

    private static ClKernel kernel(String name, KernelSizes s) {
        return NativeTestSupport.program(s).kernel(name);
    }

    private static long wgs() {
        return NativeTestSupport.sizes().wgs();
    }

    private float[] uniform(int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * (float) rnd.nextDouble();
        }
        return a;
    }

    /** 0/1 spikes with probability {@code p}. */
    private float[] spikes(int n, double p) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() < p ? 1f : 0f;
        }
        return a;
    }

    /** Running spike counts as a batch has them part-way: 0..9. */
    private int[] counts(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = rnd.nextInt(10);
        }
        return c;
    }

    // ---------------------------------------------------------------- poisson.cl

    @Test
    void poissonEncode() {
        for (int n : SIZES) {
            for (int batch : new int[] {1, 3}) {
                float[] rates = uniform(batch * n, 0f, 1f);
                rates[0] = 0f;
                rates[rates.length - 1] = 1f;
                int[] ids = new int[batch];
                for (int b = 0; b < batch; b++) {
                    ids[b] = rnd.nextInt(60000);
                }
                long seed = 0x1234_5678_9ABCL + n;
                int[] counts = counts(batch * n);
                for (float maxRate : new float[] {1f, 0.3f}) {
                    float[] expected = new float[batch * n];
                    int[] expectedCounts = counts.clone();
                    CpuKernels.poissonEncode(rates, ids, batch, n, 7, 1, seed, maxRate, expected, expectedCounts);
                    for (KernelSizes ks : NativeTestSupport.variants()) {
                        try (ClBuffer r = up(rates); ClBuffer id = up(ids); ClBuffer out = up(new float[batch * n]);
                             ClBuffer cb = up(counts)) {
                            kernel("poisson_encode", ks).args(r, id, batch, n, 7, 1, (int) seed, (int) (seed >>> 32),
                                    maxRate, out, cb).launch(ks.poissonItems(batch, n), wgs());
                            String tag = " VW=" + ks.vw() + " n=" + n + " B=" + batch + " maxRate=" + maxRate;
                            assertExact("poisson_encode" + tag, expected, down(out, batch * n), batch * n);
                            assertExact("poisson_encode counts" + tag, expectedCounts, downInt(cb, batch * n),
                                    batch * n);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- lif.cl

    /** Event lists and live extents on awkward sizes: all silent, sparse, dense, all spiking; several chunks. */
    @Test
    void activeInputs() {
        int chunk = KernelSizes.CHUNK;
        for (int pre : new int[] {1, 7, 93, 785, chunk, chunk + 1, 3 * chunk + 5}) {
            for (double density : new double[] {0, 0.01, 0.3, 1}) {
                int batch = 3;
                int nChunks = KernelSizes.chunks(pre);
                float[] in = spikes(batch * pre, density);
                int[] extent = {5, 6, CpuKernels.NO_EXTENT[0], CpuKernels.NO_EXTENT[1], pre - 1, pre - 1};
                int[] list = new int[batch * pre];
                int[] starts = new int[batch * (nChunks + 1)];
                int[] expExtent = extent.clone();
                CpuKernels.activeInputs(in, batch, pre, chunk, list, starts, expExtent);
                for (KernelSizes ks : NativeTestSupport.variants()) {
                    try (ClBuffer ib = up(in); ClBuffer lb = up(new int[batch * pre]);
                         ClBuffer sb = up(new int[batch * (nChunks + 1)]); ClBuffer eb = up(extent)) {
                        kernel("active_inputs", ks).args(ib, batch, pre, nChunks, lb, sb, eb).launch(batch, wgs());
                        String tag = "active_inputs VW=" + ks.vw() + " pre=" + pre + " density " + density;
                        int[] gotStarts = downInt(sb, starts.length);
                        assertExact(tag + " starts", starts, gotStarts, starts.length);
                        int[] gotList = downInt(lb, list.length);
                        for (int b = 0; b < batch; b++) {
                            int n = starts[b * (nChunks + 1) + nChunks];
                            for (int k = 0; k < n; k++) {
                                assertEquals(list[b * pre + k], gotList[b * pre + k], tag + " list[" + b + "][" + k + "]");
                            }
                        }
                        assertExact(tag + " extent", expExtent, downInt(eb, extent.length), extent.length);
                    }
                }
            }
        }
    }

    @Test
    void synapticInput() {
        int chunk = KernelSizes.CHUNK;
        int[][] shapes = {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {65, 785}, {785, 3}, {4096, 5}, {9, 3 * chunk + 7}};
        for (int[] s : shapes) {
            int post = s[0];
            int pre = s[1];
            for (double density : new double[] {0, 0.05, 0.3, 1}) {
                int batch = 3;
                float[] w = uniform(post * pre, -0.5f, 0.5f);
                float[] in = spikes(batch * pre, density);
                float[] expected = new float[batch * post];
                CpuKernels.synapticInput(w, post, pre, in, batch, expected);
                int nChunks = KernelSizes.chunks(pre);
                int[] list = new int[batch * pre];
                int[] starts = new int[batch * (nChunks + 1)];
                CpuKernels.activeInputs(in, batch, pre, chunk, list, starts, new int[2 * batch]);
                for (KernelSizes ks : NativeTestSupport.variants()) {
                    try (ClBuffer wb = up(w); ClBuffer lb = up(list); ClBuffer sb = up(starts);
                         ClBuffer zb = up(new float[batch * post])) {
                        ks.launchSynaptic(kernel("synaptic_input", ks).args(wb, post, pre, batch, lb, sb, nChunks, zb),
                                post);
                        assertExact("synaptic_input VW=" + ks.vw() + " " + post + "x" + pre + " density " + density,
                                expected, down(zb, batch * post), batch * post);
                    }
                    try (ClBuffer wtb = up(transpose(w, post, pre)); ClBuffer lb = up(list); ClBuffer sb = up(starts);
                         ClBuffer zb = up(new float[batch * post])) {
                        ks.launchSynapticT(kernel("synaptic_input_t", ks).args(wtb, post, pre, lb, sb, nChunks, zb),
                                post, batch);
                        assertExact("synaptic_input_t VW=" + ks.vw() + " SB=" + ks.sb() + " " + post + "x" + pre
                                + " density " + density, expected, down(zb, batch * post), batch * post);
                    }
                }
            }
        }
    }

    /**
     * Samples silent in whole chunks next to samples with events, in 1, 2 and 3 event chunks: the GPU shape skips a
     * chunk in which no sample of its sample block has an event, and the flags it decides that with must not be
     * overwritten by the next block before every work-item has read them (a race Oclgrind found with the awkward
     * tiles). Samples 0 and 1 are silent everywhere, sample 3 only in the first chunk.
     */
    @Test
    void synapticInputSilentSampleBlocks() {
        int chunk = KernelSizes.CHUNK;
        for (int pre : new int[] {93, chunk + 9, 2 * chunk + 5}) {
            int post = 37;
            int batch = 5;
            float[] w = uniform(post * pre, -0.5f, 0.5f);
            float[] in = spikes(batch * pre, 0.2);
            java.util.Arrays.fill(in, 0, 2 * pre, 0f);
            java.util.Arrays.fill(in, 3 * pre, 3 * pre + Math.min(pre, chunk), 0f);
            float[] expected = new float[batch * post];
            CpuKernels.synapticInput(w, post, pre, in, batch, expected);
            int nChunks = KernelSizes.chunks(pre);
            int[] list = new int[batch * pre];
            int[] starts = new int[batch * (nChunks + 1)];
            CpuKernels.activeInputs(in, batch, pre, chunk, list, starts, new int[2 * batch]);
            for (KernelSizes ks : NativeTestSupport.variants()) {
                try (ClBuffer wb = up(w); ClBuffer lb = up(list); ClBuffer sb = up(starts);
                     ClBuffer zb = up(new float[batch * post])) {
                    ks.launchSynaptic(kernel("synaptic_input", ks).args(wb, post, pre, batch, lb, sb, nChunks, zb),
                            post);
                    assertExact("synaptic_input VW=" + ks.vw() + " " + post + "x" + pre + " silent sample blocks",
                            expected, down(zb, batch * post), batch * post);
                }
            }
        }
    }

    /** w (rows x cols, row-major) transposed. */
    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    @Test
    void lifUpdate() {
        float th = 1f;
        float decay = 0.9f;
        for (int n : SIZES) {
            for (boolean clamp : new boolean[] {false, true}) {
                float[] v = uniform(n, -0.5f, 1f);
                float[] z = uniform(n, -0.5f, 1.2f);
                // V exactly at threshold: 0.9 * 0 + 1 = 1 spikes; and all-zero input.
                v[0] = 0f;
                z[0] = th;
                if (n > 2) {
                    v[1] = 0f;
                    z[1] = 0f;
                    z[2] = Math.nextDown(th);
                    v[2] = 0f;
                }
                float[] ev = v.clone();
                float[] evPre = new float[n];
                float[] es = new float[n];
                int[] c = counts(n);
                int[] ec = c.clone();
                CpuKernels.lifUpdate(ev, z, n, decay, th, clamp, evPre, es, ec);
                try (ClBuffer vb = up(v); ClBuffer zb = up(z); ClBuffer pb = up(new float[n]);
                     ClBuffer sb = up(new float[n]); ClBuffer cb = up(c)) {
                    kernel("lif_update").args(vb, zb, n, decay, th, clamp, pb, sb, cb).launch(n, wgs());
                    String tag = " n=" + n + " clamp=" + clamp;
                    assertExact("lif_update spikes" + tag, es, down(sb, n), n);
                    assertExact("lif_update counts" + tag, ec, downInt(cb, n), n);
                    assertExact("lif_update V" + tag, ev, down(vb, n), n);
                    assertExact("lif_update Vpre" + tag, evPre, down(pb, n), n);
                }
            }
        }
    }

    // ---------------------------------------------------------------- loss.cl

    @Test
    void maskedError() {
        float th = 1f;
        for (int n : SIZES) {
            for (boolean mask : new boolean[] {true, false}) {
                int batch = 4;
                int steps = 3;
                int k = 2;
                // Targets laid out like the audiocoder's B x Th x n, read at step offset k.
                float[] targets = spikes(batch * steps * n, 0.3);
                float[] out = spikes(batch * n, 0.3);
                float[] vPre = uniform(batch * n, -0.5f, 1f);
                float[] target = new float[batch * n];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(targets, (b * steps + k) * n, target, b * n, n);
                }
                float[] expected = new float[batch * n];
                double loss = CpuKernels.maskedError(target, out, vPre, batch * n, th, mask, expected);
                for (KernelSizes ks : NativeTestSupport.variants()) {
                    try (ClBuffer tb = up(targets); ClBuffer ob = up(out); ClBuffer vb = up(vPre);
                         ClBuffer db = up(new float[batch * n]);
                         ClBuffer lb = NativeTestSupport.context().buffer("loss", batch * 8L)) {
                        lb.zero();
                        kernel("masked_error", ks).args(tb, steps * n, k * n, ob, vb, n, th, mask, db, lb)
                                .launch(batch * ks.wgsRow(), ks.wgsRow());
                        String what = "masked_error WGS_ROW=" + ks.wgsRow() + " n=" + n + " mask=" + mask;
                        assertExact(what + " delta", expected, down(db, batch * n), batch * n);
                        double got = 0;
                        if (NativeTestSupport.context().device().fp64()) {
                            double[] l = new double[batch];
                            lb.read(l, batch);
                            for (double x : l) {
                                got += x;
                            }
                        } else {
                            float[] l = down(lb, batch);
                            for (float x : l) {
                                got += x;
                            }
                        }
                        assertEquals(loss, got, 1e-9 * Math.abs(loss) + 1e-12, what + " loss");
                    }
                }
            }
        }
    }

    @Test
    void surrogateDelta() {
        float th = 1f;
        int[][] shapes = {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {785, 65}};
        for (int[] s : shapes) {
            int postNext = s[0];
            int pre = s[1];
            int batch = 3;
            float[] w = uniform(postNext * pre, -0.3f, 0.3f);
            float[] dn = uniform(batch * postNext, -1f, 1f);
            for (int i = 0; i < dn.length; i++) {
                if (rnd.nextDouble() < 0.85) {
                    dn[i] = 0f; // the mask zeroes most output deltas
                }
            }
            float[] vPre = uniform(batch * pre, -1f, 1f);
            vPre[0] = th;
            float[] expected = new float[batch * pre];
            CpuKernels.surrogateDelta(w, postNext, pre, dn, vPre, batch, th, expected);
            for (KernelSizes ks : NativeTestSupport.variants()) {
                try (ClBuffer wb = up(w); ClBuffer db = up(dn); ClBuffer vb = up(vPre);
                     ClBuffer ob = up(new float[batch * pre])) {
                    kernel("surrogate_delta", ks).args(wb, postNext, pre, db, vb, th, ob)
                            .launch(ks.sampleRowItems(pre), batch, ks.wgsMat());
                    assertClose("surrogate_delta VW=" + ks.vw() + " " + postNext + "->" + pre, expected,
                            down(ob, batch * pre), batch * pre, DELTA_ABS, DELTA_REL);
                }
            }
        }
    }

    // ---------------------------------------------------------------- grad.cl

    @Test
    void traceUpdate() {
        for (int n : SIZES) {
            float[] hist = uniform(3 * n, 0f, 3f);
            float[] in = spikes(n, 0.4);
            float[] expected = new float[n];
            CpuKernels.traceUpdate(java.util.Arrays.copyOfRange(hist, n, 2 * n), in, n, 0.9f, expected);
            try (ClBuffer hb = up(hist); ClBuffer ib = up(in)) {
                kernel("trace_update").args(hb, n, ib, n, 0.9f, hb, 2 * n).launch(n, wgs());
                float[] got = down(hb, 3 * n);
                assertExact("trace_update n=" + n, expected, java.util.Arrays.copyOfRange(got, 2 * n, 3 * n), n);
            }
        }
    }

    @Test
    void updateLastReset() {
        for (int n : SIZES) {
            for (double p : new double[] {0, 0.3, 1}) {
                float[] s = spikes(n, p);
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = rnd.nextInt(5);
                }
                int[] expected = r.clone();
                CpuKernels.updateLastReset(s, n, 6, expected);
                try (ClBuffer sb = up(s); ClBuffer rb = up(r)) {
                    kernel("update_last_reset").args(sb, n, 6, rb).launch(n, wgs());
                    assertExact("update_last_reset n=" + n + " p=" + p, expected, downInt(rb, n), n);
                }
            }
        }
    }

    @Test
    void sharedTraceScale() {
        for (int pre : SIZES) {
            for (int post : new int[] {1, 93, 785}) {
                int batch = 3;
                float[] q = uniform(batch * pre, 0f, 3f);
            int[] extent = liveExtents(pre);
            zeroOutside(q, extent, 1, batch, batch, pre);
                float[] s = spikes(batch * post, 0.2);
                if (post == 93) {
                    java.util.Arrays.fill(s, 0, post, 1f); // a sample whose whole layer spikes
                }
                float[] expected = q.clone();
                CpuKernels.sharedTraceScale(expected, s, batch, pre, post, 784f);
                for (KernelSizes ks : NativeTestSupport.variants()) {
                    try (ClBuffer qb = up(q); ClBuffer sb = up(s)) {
                        kernel("shared_trace_scale", ks).args(qb, sb, pre, post, 784f)
                                .launch(batch * ks.wgsRow(), ks.wgsRow());
                        assertExact("shared_trace_scale WGS_ROW=" + ks.wgsRow() + " pre=" + pre + " post=" + post,
                                expected, down(qb, batch * pre), batch * pre);
                    }
                }
            }
        }
    }

    @Test
    void weightGradPerNeuronUpdate() {
        int[][] shapes = {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {11, 785}, {3, 4096}};
        int steps = 6;
        int t = 5;
        float decay = 0.9f;
        float[] pow = new float[steps + 1];
        for (int k = 0; k <= steps; k++) {
            pow[k] = CpuKernels.pow(decay, k);
        }
        for (int[] s : shapes) {
            int post = s[0];
            int pre = s[1];
            int cap = 4;
            int batch = 3; // a short batch: the history keeps the capacity's stride
            float[] delta = uniform(batch * post, -1f, 1f);
            for (int i = 0; i < delta.length; i++) {
                if (rnd.nextDouble() < 0.5) {
                    delta[i] = 0f;
                }
            }
            if (post == 93) {
                java.util.Arrays.fill(delta, 0f); // a step whose every delta is 0: only the update moves W
            }
            float[] hist = uniform((steps + 1) * cap * pre, 0f, 3f);
            java.util.Arrays.fill(hist, 0, cap * pre, 0f);
            // Live extents: sample 0 has spiked everywhere, sample 1 not yet, sample 2 in a window (traces outside
            // it are 0, as active_inputs guarantees); the kernel skips what lies outside.
            int[] extent = liveExtents(pre);
            zeroOutside(hist, extent, steps + 1, cap, batch, pre);
            int[] last = new int[batch * post];
            for (int i = 0; i < last.length; i++) {
                last[i] = rnd.nextInt(t); // 0 (never reset) .. t-1
            }
            for (KernelSizes ks : NativeTestSupport.variants()) {
            for (boolean adam : new boolean[] {true, false}) {
                for (boolean first : new boolean[] {true, false}) {
                    checkFused("weight_grad_per_neuron_update " + post + "x" + pre, ks, adam, first, post, pre,
                            (g) -> CpuKernels.weightGradPerNeuron(delta, hist, last, t, decay, batch, cap, post, pre, g),
                            (k, w, m, v, tail) -> {
                                try (ClBuffer db = up(delta); ClBuffer hb = up(hist); ClBuffer lb = up(last);
                                     ClBuffer eb = up(extent); ClBuffer pb = upExact(pow)) {
                                    Object[] head = {db, hb, lb, eb, pb, t, batch, cap, post, pre, 1f / batch, w, m,
                                            v};
                                    ks.launchGrad(k.args(concat(head, tail)), pre, post);
                                    NativeTestSupport.context().finish();
                                }
                            });
                }
            }
            }
        }
    }

    @Test
    void weightGradSharedUpdate() {
        int[][] shapes = {{1, 1}, {7, 93}, {144, 7}, {93, 144}, {11, 785}, {3, 4096}};
        for (int[] s : shapes) {
            int post = s[0];
            int pre = s[1];
            int batch = 3;
            float[] delta = uniform(batch * post, -1f, 1f);
            for (int i = 0; i < delta.length; i++) {
                if (rnd.nextDouble() < 0.5) {
                    delta[i] = 0f;
                }
            }
            if (post == 93) {
                java.util.Arrays.fill(delta, 0f); // a step whose every delta is 0: only the update moves W
            }
            float[] q = uniform(batch * pre, 0f, 3f);
            int[] extent = liveExtents(pre);
            zeroOutside(q, extent, 1, batch, batch, pre);
            for (KernelSizes ks : NativeTestSupport.variants()) {
            for (boolean adam : new boolean[] {true, false}) {
                for (boolean first : new boolean[] {true, false}) {
                    checkFused("weight_grad_shared_update " + post + "x" + pre, ks, adam, first, post, pre,
                            (g) -> CpuKernels.weightGradShared(delta, q, batch, post, pre, g),
                            (k, w, m, v, tail) -> {
                                try (ClBuffer db = up(delta); ClBuffer qb = up(q); ClBuffer eb = up(extent)) {
                                    Object[] head = {db, qb, eb, batch, post, pre, 1f / batch, w, m, v};
                                    ks.launchGrad(k.args(concat(head, tail)), pre, post);
                                    NativeTestSupport.context().finish();
                                }
                            });
                }
            }
            }
        }
    }

    /** Extents of three samples: everything, nothing yet, and a window that starts and ends inside the row. */
    private static int[] liveExtents(int pre) {
        return new int[] {0, pre - 1, CpuKernels.NO_EXTENT[0], CpuKernels.NO_EXTENT[1], pre / 3, Math.max(pre / 3,
                pre - 1 - pre / 4)};
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

    private interface GradTwin {
        void compute(float[] grad);
    }

    private interface FusedLaunch {
        void run(ClKernel k, ClBuffer w, ClBuffer m, ClBuffer v, Object[] tail);
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Twin gradient then twin Adam/SGD on the host, the fused kernel on the device; compares W, m and v. */
    private void checkFused(String what, KernelSizes ks, boolean adam, boolean first, int post, int pre, GradTwin twin,
                            FusedLaunch launch) {
        int count = post * pre;
        float lr = 5e-4f;
        float b1 = 0.9f;
        float b2 = 0.999f;
        float eps = 1e-8f;
        float wd = 1e-4f;
        int step = 3;
        float c1 = org.spikecoder.engine.AdamBias.firstMoment(b1, step);
        float c2 = org.spikecoder.engine.AdamBias.secondMoment(b2, step);
        float[] w = uniform(count, -0.2f, 0.2f);
        // weights about to be flushed to 0 (CpuKernels.WEIGHT_FLUSH), and one already 0
        float[] tiny = {0f, 1e-12f, -1.5e-12f, 3e-13f, Float.MIN_NORMAL};
        for (int i = 0; i < tiny.length && i < count; i++) {
            w[count - 1 - i] = tiny[i];
        }
        float[] m = uniform(count, -1e-3f, 1e-3f);
        float[] v = uniform(count, 0f, 1e-5f);
        float[] g = new float[count];
        twin.compute(g);
        float[] ew = w.clone();
        float[] em = first ? new float[count] : m.clone();
        float[] ev = first ? new float[count] : v.clone();
        if (adam) {
            CpuKernels.adamUpdate(ew, g, em, ev, count, lr, b1, b2, eps, wd, c1, c2);
        } else {
            CpuKernels.sgdUpdate(ew, g, count, lr, wd);
        }
        String tag = what + " VW=" + ks.vw() + " JB=" + ks.jb() + " VB=" + ks.vb() + (adam ? " adam" : " sgd")
                + (first ? " first" : "");
        // The transposed copy is written on every other call (writeT alternates with first).
        boolean writeT = !first;
        try (ClBuffer wb = up(w); ClBuffer mb = up(m); ClBuffer vb = up(v); ClBuffer wtb = up(new float[count])) {
            String name = what.substring(0, what.indexOf(' '));
            launch.run(kernel(name, ks), wb, mb, vb, new Object[] {lr, b1, b2, eps, wd, c1, c2, adam, first, wtb,
                    writeT, 0, (int) ks.gradItems(pre)});
            float[] gotW = down(wb, count);
            assertClose(tag + " W", ew, gotW, count, WEIGHT_ABS, WEIGHT_REL);
            for (int i = 0; i < count; i++) {
                if ((ew[i] == 0f) != (gotW[i] == 0f) || (gotW[i] != 0f && Math.abs(gotW[i]) < Float.MIN_NORMAL)) {
                    fail(tag + " W[" + i + "]: expected " + ew[i] + " got " + gotW[i] + " (flush of tiny weights)");
                }
            }
            // WT must equal the updated W bit for bit (or stay untouched without writeT).
            assertExact(tag + " WT", writeT ? transpose(gotW, post, pre) : new float[count], down(wtb, count), count);
            if (adam) {
                assertClose(tag + " m", em, down(mb, count), count, 1e-12, WEIGHT_REL);
                assertClose(tag + " v", ev, down(vb, count), count, 1e-15, WEIGHT_REL);
            }
        }
    }

    /** The deferred zero-gradient updates equal the twin's, column ranges at either end and in the middle. */
    @Test
    void adamCatchUp() {
        int steps = 7;
        float[] c1 = new float[steps + 1];
        float[] c2 = new float[steps + 1];
        for (int t = 1; t <= steps; t++) {
            c1[t] = org.spikecoder.engine.AdamBias.firstMoment(0.9f, t);
            c2[t] = org.spikecoder.engine.AdamBias.secondMoment(0.999f, t);
        }
        int[][] shapes = {{1, 1, 0, 1}, {7, 93, 0, 40}, {5, 785, 700, 785}, {3, 144, 10, 11}};
        for (int[] sh : shapes) {
            int post = sh[0];
            int pre = sh[1];
            int count = post * pre;
            for (boolean adam : new boolean[] {true, false}) {
                for (int[] stepsRange : new int[][] {{1, steps}, {3, 5}}) {
                    float[] w = uniform(count, -0.2f, 0.2f);
                    w[count - 1] = 1.5e-12f; // about to be flushed to 0
                    float[] m = uniform(count, -1e-3f, 1e-3f);
                    float[] v = uniform(count, 0f, 1e-5f);
                    float[] ew = w.clone();
                    float[] em = m.clone();
                    float[] ev = v.clone();
                    CpuKernels.adamCatchUp(ew, em, ev, post, pre, sh[2], sh[3], stepsRange[0], stepsRange[1], c1,
                            c2, 5e-4f, 0.9f, 0.999f, 1e-8f, 1e-4f, adam, 1);
                    for (KernelSizes ks : NativeTestSupport.variants()) {
                        try (ClBuffer wb = up(w); ClBuffer mb = up(m); ClBuffer vb = up(v); ClBuffer c1b = upExact(c1);
                             ClBuffer c2b = upExact(c2)) {
                            kernel("adam_catch_up", ks).args(wb, mb, vb, post, pre, sh[2], sh[3], stepsRange[0],
                                    stepsRange[1], c1b, c2b, 5e-4f, 0.9f, 0.999f, 1e-8f, 1e-4f, adam, 1)
                                    .launch(ks.catchUpItems(sh[3] - sh[2]), post, ks.wgsMat());
                            String tag = "adam_catch_up VW=" + ks.vw() + " " + post + "x" + pre + " cols " + sh[2]
                                    + ".." + sh[3] + " steps " + stepsRange[0] + ".." + stepsRange[1]
                                    + (adam ? " adam" : " sgd");
                            assertExact(tag + " W", ew, down(wb, count), count);
                            assertExact(tag + " m", em, down(mb, count), count);
                            assertExact(tag + " v", ev, down(vb, count), count);
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- reduce.cl

    /** Twin: the raster recording of CpuBackend.recordRaster, restated here. */
    @Test
    void recordRaster() {
        for (int n : SIZES) {
            int batch = 3;
            int steps = 4;
            int t = 3;
            float[] s = spikes(batch * n, 0.5);
            byte[] expected = new byte[batch * steps * n];
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < n; i++) {
                    expected[(b * steps + (t - 1)) * n + i] = (byte) (s[b * n + i] != 0f ? 1 : 0);
                }
            }
            try (ClBuffer sb = up(s); ClBuffer rb = NativeTestSupport.context().buffer("raster", expected.length)) {
                rb.zero();
                kernel("record_raster").args(sb, batch, n, steps, t, rb).launch((long) batch * n, wgs());
                byte[] got = new byte[expected.length];
                rb.read(got, got.length);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got, "record_raster n=" + n);
            }
        }
    }
}
