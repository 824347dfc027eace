package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole training batches on {@link OpenClBackend} against the CPU reference: every case of {@link BatchParity}
 * (both presets, Adam and SGD, the device's shape, the GPU shape and row blocks, the event-driven path with silent
 * tails and deferred updates, the MNIST shape), as {@code spikecoder verify} runs them on a user's device.
 */
class BackendParityTest {
    @TestFactory
    Stream<DynamicTest> everyBatchParityCase() {
        ClContext ctx = NativeTestSupport.context();
        return BatchParity.cases(false).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            BatchParity.Result r = BatchParity.run(ctx, c);
            assertTrue(r.passed(), c.name() + " (" + c.net() + ", " + r.sizes() + "): " + r.failure());
        }));
    }

    /** The quick set (for simulated devices) is a subset that still covers every shape. */
    @TestFactory
    Stream<DynamicTest> quickCases() {
        ClContext ctx = NativeTestSupport.context();
        return BatchParity.cases(true).stream().map(c -> DynamicTest.dynamicTest("quick: " + c.name(), () -> {
            BatchParity.Result r = BatchParity.run(ctx, c);
            assertTrue(r.passed(), c.name() + " (" + c.net() + ", " + r.sizes() + "): " + r.failure());
        }));
    }
}
