package org.spikecoder.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.rng.Philox;

class CpuBackendTest {
    private static final NetworkSpec NET = NetworkSpec.of(64, 16, 64);

    private static TrainConfig config(Preset p) {
        return p.defaults().toBuilder().batchSize(10).steps(8).learningRate(5e-3f).build();
    }

    private static float[][] trainOneBatch(CpuBackend be, float[][] start, ImageDataset data, int[] ids) {
        be.setWeights(start);
        float[] rates = new float[ids.length * data.pixelsPerImage()];
        for (int s = 0; s < ids.length; s++) {
            System.arraycopy(data.pixels(), ids[s] * 64, rates, s * 64, 64);
        }
        be.beginBatch(BatchInput.autoencoder(rates, ids.length, ids, 0, Philox.STREAM_TRAIN_INPUT), -1);
        for (int t = 1; t <= be.config().steps(); t++) {
            be.step(t, true);
        }
        return be.readWeights();
    }

    /** Adam's moments restart every batch: what ran before cannot change the result of a batch. */
    @Test
    void adamStateRestartsEveryBatch() {
        ImageDataset data = SyntheticImages.bars(40, 8, 8, 3);
        TrainConfig cfg = config(Preset.PAPER);
        float[][] w0 = WeightInit.initialise(NET, cfg);
        int[] batchA = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] batchX = {20, 21, 22, 23, 24, 25, 26, 27, 28, 29};
        try (CpuBackend fresh = new CpuBackend(NET, cfg); CpuBackend used = new CpuBackend(NET, cfg)) {
            float[][] direct = trainOneBatch(fresh, w0, data, batchA);
            trainOneBatch(used, w0, data, batchX);
            float[][] afterOther = trainOneBatch(used, w0, data, batchA);
            for (int l = 0; l < direct.length; l++) {
                assertArrayEquals(direct[l], afterOther[l]);
            }
        }
    }

    @Test
    void sameSeedSameWeightsForBothPresets() {
        ImageDataset data = SyntheticImages.bars(30, 8, 8, 5);
        for (Preset p : Preset.values()) {
            TrainConfig cfg = config(p);
            float[][] a = run(cfg, data);
            float[][] b = run(cfg, data);
            for (int l = 0; l < a.length; l++) {
                assertArrayEquals(a[l], b[l], p.cliName());
            }
        }
    }

    private static float[][] run(TrainConfig cfg, ImageDataset data) {
        try (CpuBackend be = new CpuBackend(NET, cfg)) {
            be.setWeights(WeightInit.initialise(NET, cfg));
            new Trainer(be).trainEpoch(data, 0, 0, TrainListener.NONE, Trainer.BatchHook.NEVER);
            return be.readWeights();
        }
    }

    /** Input spikes depend on (seed, sample, step, neuron) only, never on which batch a sample is in. */
    @Test
    void inputSpikesDoNotDependOnBatching() {
        ImageDataset data = SyntheticImages.bars(6, 8, 8, 7);
        TrainConfig cfg = config(Preset.PAPER);
        int[] together = countsOf(cfg, data, new int[] {0, 1, 2, 3, 4, 5});
        int[] alone = countsOf(cfg, data, new int[] {4});
        for (int i = 0; i < 64; i++) {
            assertEquals(together[4 * 64 + i], alone[i]);
        }
    }

    private static int[] countsOf(TrainConfig cfg, ImageDataset data, int[] ids) {
        try (CpuBackend be = new CpuBackend(NET, cfg)) {
            be.setWeights(WeightInit.initialise(NET, cfg));
            float[] rates = new float[ids.length * 64];
            for (int s = 0; s < ids.length; s++) {
                System.arraycopy(data.pixels(), ids[s] * 64, rates, s * 64, 64);
            }
            be.beginBatch(BatchInput.autoencoder(rates, ids.length, ids, 0, Philox.STREAM_EVAL_INPUT), 1);
            for (int t = 1; t <= cfg.steps(); t++) {
                be.step(t, false);
            }
            byte[] raster = be.readSpikeRaster();
            int[] hidden = be.readSpikeCounts(1);
            int sum = 0;
            for (byte b : raster) {
                sum += b;
            }
            assertEquals(java.util.Arrays.stream(hidden).sum(), sum);
            return be.readSpikeCounts(0);
        }
    }

    @Test
    void trainingReducesTheReconstructionError() {
        ImageDataset data = SyntheticImages.bars(200, 8, 8, 11);
        for (Preset p : Preset.values()) {
            TrainConfig cfg = config(p);
            try (CpuBackend be = new CpuBackend(NET, cfg)) {
                be.setWeights(WeightInit.initialise(NET, cfg));
                Trainer trainer = new Trainer(be);
                double before = trainer.evaluate(data, 0, TrainListener.NONE).mse();
                for (int epoch = 0; epoch < 3; epoch++) {
                    trainer.trainEpoch(data, epoch, 0, TrainListener.NONE, Trainer.BatchHook.NEVER);
                }
                double after = trainer.evaluate(data, 0, TrainListener.NONE).mse();
                assertTrue(after < 0.8 * before, p.cliName() + ": MSE " + before + " -> " + after);
            }
        }
    }

    @Test
    void networksThatCannotFitFailBeforeAllocatingWithOneLine() {
        TrainConfig cfg = config(Preset.PAPER);
        org.spikecoder.SpikecoderException tooBig = org.junit.jupiter.api.Assertions.assertThrows(
                org.spikecoder.SpikecoderException.class, () -> new CpuBackend(NetworkSpec.of(784, 3_000_000, 784), cfg));
        assertTrue(tooBig.getMessage().contains("too large") && tooBig.getMessage().contains("--hidden"),
                tooBig.getMessage());
        long heap = Runtime.getRuntime().maxMemory();
        int hidden = (int) Math.min(2_000_000, heap / (4L * 784 * 4) + 1000);
        org.spikecoder.SpikecoderException noHeap = org.junit.jupiter.api.Assertions.assertThrows(
                org.spikecoder.SpikecoderException.class, () -> new CpuBackend(NetworkSpec.of(784, hidden, 784), cfg));
        assertTrue(noHeap.getMessage().contains("GiB"), noHeap.getMessage());
        assertEquals(CpuBackend.requiredBytes(NET, cfg), new CpuBackend(NET, cfg).peakMemoryBytes());
    }

    @Test
    void epochOrderIsAPermutationThatChangesWithTheEpoch() {
        int[] a = Trainer.epochOrder(100, 0, 1);
        int[] b = Trainer.epochOrder(100, 1, 1);
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
        assertTrue(!java.util.Arrays.equals(a, b));
        assertArrayEquals(a, Trainer.epochOrder(100, 0, 1));
    }
}
