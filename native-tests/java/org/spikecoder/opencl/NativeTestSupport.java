package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.spikecoder.SpikecoderException;

/**
 * What every native test shares: one OpenCL context for the whole run (programs are built once), and comparisons
 * that report the first mismatches with their indices.
 *
 * <p>These tests need a real OpenCL device and FAIL when none is found, so that a CI machine without a device cannot
 * pass them silently. A developer without OpenCL sets {@code SPIKECODER_SKIP_OPENCL=1} to skip them explicitly.
 * The device is the one {@code SPIKECODER_DEVICE} names, else the default of {@link ClRuntime#select}.
 */
final class NativeTestSupport {
    static final String SKIP_ENV = "SPIKECODER_SKIP_OPENCL";

    private static ClContext shared;

    private NativeTestSupport() {
    }

    /** The shared context, opened on first use and closed when the JVM exits. */
    static synchronized ClContext context() {
        if ("1".equals(System.getenv(SKIP_ENV))) {
            Assumptions.abort(SKIP_ENV + "=1: OpenCL parity tests skipped on request");
        }
        if (shared == null) {
            try {
                shared = ClContext.open((String) null, false);
            } catch (SpikecoderException e) {
                fail("the OpenCL parity tests need an OpenCL device and found none usable: " + e.getMessage()
                        + ". Install one (e.g. pocl-opencl-icd) or set " + SKIP_ENV + "=1 to skip these tests "
                        + "explicitly.");
            }
            ClContext c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::close));
        }
        return shared;
    }

    /** The device's own kernel sizes. */
    static KernelSizes sizes() {
        return KernelSizes.of(context().device());
    }

    /**
     * The device's sizes, the GPU shape (VW = 1, the tiled kernels) where the device's own differ, register blocks of
     * 3 (JB rows and VB vectors per work-item in the gradient kernels, SB vectors per work-item in the per-sample row
     * kernels; 3 so that sizes are not multiples), and the GPU shape with {@link #awkwardTiles}: all must match the
     * reference. The GPU shape reduces each sample's row with a work-group of WGS work-items, as on GPUs, where CPU
     * devices use one work-item per sample.
     */
    static java.util.List<KernelSizes> variants() {
        KernelSizes own = sizes();
        KernelSizes blocked = new KernelSizes(own.wgs(), own.wgsRow(), own.vw(), own.wgsMat(), 3, 3, 3, own.rb(),
                own.tiles());
        KernelSizes awkward = awkwardTiles(own.withVectorWidth(1));
        return own.vw() == 1 ? java.util.List.of(own, blocked, awkward)
                : java.util.List.of(own, own.withVectorWidth(1), blocked, awkward);
    }

    /**
     * The GPU shape with tiles that divide none of the test sizes: gradient work-groups of 8 x 3 work-items with
     * 3 x 3 weights each and two row tiles in sequence (RB = 2), rounds of 2 samples (the test batches have 3),
     * synaptic_input work-groups of 8 rows x 2 sample lanes of one sample each (two sample blocks for 3 samples) and
     * weight tiles of 32 columns (16 per event chunk), surrogate_delta and synaptic_input_t work-groups of 24
     * work-items with 3 outputs each: every tile overhangs the rows, columns or samples it covers.
     */
    static KernelSizes awkwardTiles(KernelSizes gpu) {
        return new KernelSizes(gpu.wgs(), gpu.wgsRow(), 1, 24, 3, 3, 3, 2,
                new KernelSizes.Tiles(8, 3, 2, 8, 2, 1, 32, gpu.tiles().localBudget()));
    }

    static ClProgram program() {
        return program(sizes());
    }

    static ClProgram program(KernelSizes s) {
        return context().program(s.defines());
    }

    /** Exact equality, e.g. spikes; lists the first mismatches. */
    static void assertExact(String what, float[] expected, float[] actual, int count) {
        assertClose(what, expected, actual, count, 0, 0);
    }

    static void assertExact(String what, int[] expected, int[] actual, int count) {
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (expected[i] != actual[i]) {
                if (bad.size() < 5) {
                    bad.add("[" + i + "] expected " + expected[i] + " got " + actual[i]);
                }
                n++;
            }
        }
        if (n > 0) {
            fail(what + ": " + n + " of " + count + " differ; first: " + String.join(", ", bad));
        }
    }

    /** |actual - expected| <= abs + rel * |expected| element by element; lists the first mismatches. */
    static void assertClose(String what, float[] expected, float[] actual, int count, double abs, double rel) {
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < count; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok = abs == 0 && rel == 0 ? Float.floatToIntBits(expected[i]) == Float.floatToIntBits(actual[i])
                    || expected[i] == actual[i] : Math.abs(a - e) <= abs + rel * Math.abs(e);
            if (!ok || Double.isNaN(a) != Double.isNaN(e)) {
                if (bad.size() < 5) {
                    bad.add(String.format(Locale.ROOT, "[%d] expected %.9g got %.9g", i, e, a));
                }
                n++;
            }
        }
        if (n > 0) {
            fail(what + ": " + n + " of " + count + " outside abs " + abs + " + rel " + rel + "; first: "
                    + String.join(", ", bad));
        }
    }
}
