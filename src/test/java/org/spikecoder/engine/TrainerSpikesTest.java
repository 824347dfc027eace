package org.spikecoder.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;
import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

/** The recorded spikes behind spikes.png and test_hidden_spikes.npy agree with the evaluation's spike counts. */
class TrainerSpikesTest {
    private static final NetworkSpec NET = NetworkSpec.of(64, 16, 64);

    @Test
    void recordingTheHiddenLayerChangesNothingAndMatchesItsSpikeMaps() {
        ImageDataset data = SyntheticImages.bars(23, 8, 8, 7); // 3 batches, the last one short
        TrainConfig cfg = Preset.PAPER.defaults().toBuilder().batchSize(10).steps(6).build();
        try (CpuBackend be = new CpuBackend(NET, cfg)) {
            be.setWeights(WeightInit.initialise(NET, cfg));
            Trainer trainer = new Trainer(be);
            EvalResult plain = trainer.evaluate(data, 0, TrainListener.NONE);
            ByteArrayOutputStream hidden = new ByteArrayOutputStream();
            int[] next = {0};
            EvalResult recorded = trainer.evaluate(data, 0, TrainListener.NONE, 1, (first, count, spikes) -> {
                assertEquals(next[0], first, "batches arrive in sample order");
                next[0] += count;
                hidden.write(spikes, 0, count * 6 * 16);
            });
            assertEquals(23, next[0]);
            assertEquals(plain.mse(), recorded.mse());
            assertEquals(plain.pixelMse(), recorded.pixelMse());
            float[] maps = trainer.spikeMaps(ImageSamples.all(data), 1, 6);
            byte[] got = hidden.toByteArray();
            assertEquals(maps.length, got.length);
            int spikes = 0;
            for (int i = 0; i < got.length; i++) {
                assertEquals(maps[i], got[i], "index " + i);
                spikes += got[i];
            }
            assertTrue(spikes > 0, "a silent hidden layer tests nothing");
        }
    }

    @Test
    void rastersOfEveryLayerSumToTheEvaluationsCounts() {
        ImageDataset data = SyntheticImages.bars(12, 8, 8, 3);
        TrainConfig cfg = Preset.PAPER.defaults().toBuilder().batchSize(10).steps(5).build();
        try (CpuBackend be = new CpuBackend(NET, cfg)) {
            be.setWeights(WeightInit.initialise(NET, cfg));
            Trainer trainer = new Trainer(be);
            int[] ids = {0, 1, 2};
            byte[][] r = trainer.spikeRasters(ImageSamples.all(data), ids);
            assertEquals(3, r.length);
            float[][] counts = trainer.spikeCounts(ImageSamples.all(data), new int[] {0, 1, 2}, TrainListener.NONE);
            for (int l = 0; l < 3; l++) {
                int n = NET.size(l);
                assertEquals(3 * 5 * n, r[l].length);
                float[] fromRaster = new float[3 * n];
                for (int s = 0; s < 3; s++) {
                    for (int t = 0; t < 5; t++) {
                        for (int i = 0; i < n; i++) {
                            fromRaster[s * n + i] += r[l][(s * 5 + t) * n + i];
                        }
                    }
                }
                assertArrayEquals(java.util.Arrays.copyOf(counts[l], 3 * n), fromRaster, "layer " + l);
            }
        }
    }
}
