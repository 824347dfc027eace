package org.spikecoder.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void constantKeepsTheStartRate() {
        assertEquals(5e-4f, LrSchedule.CONSTANT.at(5e-4f, 1e-5f, 0.0));
        assertEquals(5e-4f, LrSchedule.CONSTANT.at(5e-4f, 1e-5f, 0.9));
    }

    @Test
    void cosineRunsFromStartThroughMidpointTowardsEnd() {
        assertEquals(1e-3f, LrSchedule.COSINE.at(1e-3f, 1e-4f, 0.0), 1e-9f);
        assertEquals(5.5e-4f, LrSchedule.COSINE.at(1e-3f, 1e-4f, 0.5), 1e-9f);
        float prev = Float.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            float lr = LrSchedule.COSINE.at(1e-3f, 1e-4f, i / 100.0);
            assertTrue(lr < prev && lr > 1e-4f, "step " + i + ": " + lr);
            prev = lr;
        }
    }

    @Test
    void configPlacesEachBatchOnTheCurveOfTheWholeRun() {
        TrainConfig c = Preset.PAPER.defaults().toBuilder().epochs(4).learningRate(1e-3f)
                .lrSchedule(LrSchedule.COSINE).lrEnd(0f).build();
        assertEquals(1e-3f, c.learningRateAt(0, 0, 10), 1e-9f);
        // Epoch 2 batch 0 is batch 20 of 40: half way.
        assertEquals(5e-4f, c.learningRateAt(2, 0, 10), 1e-9f);
        assertTrue(c.learningRateAt(3, 9, 10) > 0, "the last batch still learns");
    }

    @Test
    void checkpointsWithoutAScheduleReadAsConstant() {
        TrainConfig old = org.spikecoder.io.Json.GSON.fromJson("{\"steps\":15,\"batchSize\":100,\"epochs\":1,"
                + "\"learningRate\":5e-4,\"leak\":0.1,\"threshold\":1,\"maxRate\":1,\"mask\":true,\"optimizer\":"
                + "\"ADAM\",\"weightDecay\":1e-4,\"decayUnderAdam\":true,\"beta1\":0.9,\"beta2\":0.999,"
                + "\"epsilon\":1e-8,\"traceMode\":\"PER_NEURON\",\"sharedTraceDivisor\":784,\"clampMembrane\":false,"
                + "\"init\":\"XAVIER\",\"initScale\":0.1,\"seed\":1}", TrainConfig.class);
        assertEquals(LrSchedule.CONSTANT, old.lrSchedule());
        assertEquals(0f, old.lrEnd());
        assertEquals(5e-4f, old.learningRateAt(0, 7, 10));
    }
}
