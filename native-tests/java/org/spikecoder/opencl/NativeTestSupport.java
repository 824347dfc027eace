package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.spikecoder.SpikecoderException;

/**
 * What every native test shares: one OpenCL context for the whole run (programs are built once), and assertions
 * over {@link Compare}, the comparison that {@code spikecoder verify} makes, which reports the first mismatches
 * with their indices.
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
     * The kernel sizes every shaped kernel case runs at: the device's, the GPU shape (VW = 1, the tiled kernels) where
     * it differs, register blocks of 3, and the GPU shape with awkward tiles ({@link KernelCases#shapes}, which verify
     * runs too).
     */
    static List<KernelSizes> variants() {
        return KernelCases.shapes(sizes());
    }

    static ClProgram program() {
        return program(sizes());
    }

    static ClProgram program(KernelSizes s) {
        return context().program(s.defines());
    }

    /** Exact equality, e.g. spikes; lists the first mismatches (the comparison of {@link Compare}). */
    static void assertExact(String what, float[] expected, float[] actual, int count) {
        assertClose(what, expected, actual, count, 0, 0);
    }

    static void assertExact(String what, int[] expected, int[] actual, int count) {
        Compare c = new Compare();
        c.exact(what, expected, actual, count);
        assertPassed(c);
    }

    /** |actual - expected| <= abs + rel * |expected| element by element ({@link Compare}); lists the first mismatches. */
    static void assertClose(String what, float[] expected, float[] actual, int count, double abs, double rel) {
        Compare c = new Compare();
        c.close(what, expected, actual, count, abs, rel);
        assertPassed(c);
    }

    static void assertPassed(Compare c) {
        if (!c.passed()) {
            fail(c.failure());
        }
    }
}
