package org.spikecoder.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.SyntheticImages;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.model.InitMode;

/** Targets, quantisation and synthesis of the AC-ANN baseline on small seeded data. */
class AnnAudiocoderTest {
    private static final ImageDataset IMAGES = SyntheticImages.bars(60, 8, 8, 3);

    private static AnnAutoencoder autoencoder() {
        AnnAutoencoder ae = AnnAutoencoder.initialise(64, 12, Activation.RELU, false, InitMode.XAVIER, 0f, 1);
        AnnOptimizer opt = AnnOptimizer.adam(1e-2, 0, 0.9, 0.999, 1e-8);
        for (int e = 0; e < 5; e++) {
            AnnTrainer.trainEpoch(ae, opt, IMAGES, e, 10, 1, TrainListener.NONE);
        }
        return ae;
    }

    @Test
    void quantiserRangeIsQuantiserFitOverAllTrainingActivations() {
        AnnAutoencoder ae = autoencoder();
        float[] all = ae.encode(IMAGES.pixels(), IMAGES.count());
        for (int bits : new int[] {1, 3, 10, 15}) {
            assertEquals(Quantiser.fit(bits, all), AnnAudiocoder.fitQuantiser(ae, IMAGES, bits));
        }
    }

    @Test
    void targetsAreTheQuantisedHiddenVectorsOfThePairedImages() {
        AnnAutoencoder ae = autoencoder();
        int bits = 2;
        Quantiser q = AnnAudiocoder.fitQuantiser(ae, IMAGES, bits);
        assertTrue(q.max() > 0, "a trained encoder has positive activations");
        int[] paired = {5, 0, 5, 17, 59};
        float[] t = AnnAudiocoder.targets(ae, IMAGES, paired, q);
        assertEquals(paired.length * ae.hidden(), t.length);
        Set<Float> levels = new HashSet<>();
        for (int k = 0; k < q.levels(); k++) {
            levels.add(q.value(k));
        }
        Set<Float> seen = new HashSet<>();
        for (float v : t) {
            assertTrue(levels.contains(v), v + " is not one of the " + q.levels() + " levels");
            seen.add(v);
        }
        assertTrue(seen.size() <= 4 && seen.size() >= 2, "levels used: " + seen);
        int ppi = IMAGES.pixelsPerImage();
        for (int c = 0; c < paired.length; c++) {
            float[] x = java.util.Arrays.copyOfRange(IMAGES.pixels(), paired[c] * ppi, (paired[c] + 1) * ppi);
            assertArrayEquals(q.quantise(ae.encode(x, 1)),
                    java.util.Arrays.copyOfRange(t, c * ae.hidden(), (c + 1) * ae.hidden()));
        }
        // Clips paired with the same image get the same target.
        assertArrayEquals(java.util.Arrays.copyOfRange(t, 0, ae.hidden()),
                java.util.Arrays.copyOfRange(t, 2 * ae.hidden(), 3 * ae.hidden()));
        // All 2^Th levels of a wide quantiser: every level index is reachable by values on [0, max].
        Quantiser wide = new Quantiser(10, q.max());
        Set<Integer> idx = new HashSet<>();
        for (int k = 0; k <= 4 * wide.levels(); k++) {
            idx.add(wide.level(k * q.max() / (4 * wide.levels())));
        }
        assertEquals(wide.levels(), idx.size());
    }

    @Test
    void learnsTheTargetsAndSynthesisQuantisesOrClampsThePrediction() {
        AnnAutoencoder ae = autoencoder();
        Quantiser q = AnnAudiocoder.fitQuantiser(ae, IMAGES, 4);
        Random rnd = new Random(8);
        int clips = 40;
        int[] paired = new int[clips];
        float[] audio = new float[clips * 20];
        for (int c = 0; c < clips; c++) {
            int label = c % 10;
            paired[c] = label;
            for (int i = 0; i < 20; i++) {
                // A noisy bump per digit: clips of one digit look alike.
                audio[c * 20 + i] = (Math.abs(i - 2 * label) <= 1 ? 0.8f : 0f) + 0.1f * rnd.nextFloat();
            }
        }
        float[] t = AnnAudiocoder.targets(ae, IMAGES, paired, q);
        AnnAudiocoder ac = AnnAudiocoder.initialise(20, 32, ae.hidden(), Activation.IDENTITY, false,
                InitMode.XAVIER, 0f, 4);
        double before = ac.loss(audio, t, clips);
        AnnOptimizer opt = AnnOptimizer.adam(1e-2, 0, 0.9, 0.999, 1e-8);
        for (int e = 0; e < 60; e++) {
            AnnTrainer.trainEpoch(ac, opt, audio, t, clips, e, 10, 4, TrainListener.NONE);
        }
        double after = ac.loss(audio, t, clips);
        assertTrue(after < 0.1 * before, before + " -> " + after);

        float[] coded = ac.code(audio, clips, q, true);
        for (float v : coded) {
            assertEquals(q.quantise(v), v);
        }
        float[] clamped = ac.code(audio, clips, q, false);
        float[] raw = ac.predict(audio, clips);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(Math.min(Math.max(raw[i], 0f), q.max()), clamped[i]);
        }
        assertArrayEquals(ae.decode(coded, clips), ac.synthesise(audio, clips, ae, q, true));
    }
}
