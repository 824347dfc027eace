package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.spikecoder.SpikecoderException;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

/**
 * The up-front device-memory total equals what the backend allocates, a network too large fails before its first
 * buffer, and a --device index too long for an int is an unmatched device, not a NumberFormatException.
 */
class OpenClMemoryTest {
    @Test
    void requiredBytesAreWhatTheConstructorAllocates() {
        ClContext ctx = NativeTestSupport.context();
        int acc = ctx.device().fp64() ? 8 : 4;
        TrainConfig paper = Preset.PAPER.defaults().toBuilder().batchSize(7).steps(5).build();
        TrainConfig[] configs = {paper, Preset.AUTHORS_CODE.defaults().toBuilder().batchSize(93).steps(3).build(),
                paper.toBuilder().optimizer(Optimizer.SGD).build()};
        for (TrainConfig cfg : configs) {
            for (NetworkSpec net : new NetworkSpec[] {NetworkSpec.of(7, 93, 7), NetworkSpec.of(144, 1, 33, 144)}) {
                long before = ctx.allocatedBytes();
                try (OpenClBackend b = new OpenClBackend(ctx, net, cfg)) {
                    KernelSizes sizes = KernelSizes.of(ctx.device()).forNetwork(net); // what the backend chose
                    assertEquals(OpenClBackend.requiredBytes(net, cfg, sizes, b.transposedWeights(),
                                    b.inputMajorGradients(), acc),
                            ctx.allocatedBytes() - before, net + " " + cfg.optimizer() + " " + cfg.traceMode());
                }
            }
        }
    }

    @Test
    void aNetworkLargerThanTheDeviceFailsBeforeAllocatingAnything() {
        ClContext ctx = NativeTestSupport.context();
        ClDeviceInfo d = ctx.device();
        // Layers of n x n weights, each buffer within the device's per-buffer limit, together past its memory.
        int n = (int) Math.min(20_000, Math.sqrt(d.maxAlloc() / 8.0));
        long perLayer = 12L * n * n; // weights and two Adam moments
        int[] sizes = new int[(int) (d.globalMemory() / perLayer) + 3];
        Arrays.fill(sizes, n);
        NetworkSpec net = new NetworkSpec(sizes);
        TrainConfig cfg = Preset.PAPER.defaults().toBuilder().batchSize(2).steps(2).build();
        long before = ctx.allocatedBytes();
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> new OpenClBackend(ctx, net, cfg));
        assertTrue(e.getMessage().contains("of device memory") && e.getMessage().contains("--batch 2"),
                e.getMessage());
        assertEquals(before, ctx.allocatedBytes());
    }

    @Test
    void aHugeDeviceIndexMatchesNothing() {
        NativeTestSupport.context();
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> ClRuntime.select("99999999999"));
        assertTrue(e.getMessage().startsWith("--device '99999999999' matches no OpenCL device"), e.getMessage());
    }
}
